/*
 * Helpline widget behaviour. The markup works without it (links show the disclosure and
 * the callback panel through :target, the form posts normally); this file upgrades it:
 * a modal disclosure with a focus trap, a toggled panel, and the form sent with fetch.
 * Listeners sit on document, so "Who Answers?" links added to the page later work too.
 * Loading it twice is harmless.
 */
(() => {
  'use strict';
  if (window.helplineWidget) return;
  window.helplineWidget = true;

  const DISCLOSURE = 'helpline-disclosure';
  const PANEL = 'helpline-callback';
  const OPEN = 'helpline-is-open';
  const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]):not([tabindex="-1"]),select,textarea,[tabindex]:not([tabindex="-1"])';
  const byId = (id) => document.getElementById(id);
  const isOpen = (el) => !!el && el.classList.contains(OPEN);
  const returnTo = {};

  const setExpanded = (open) => document.querySelectorAll('a[href="#' + PANEL + '"]')
    .forEach((a) => a.setAttribute('aria-expanded', String(open)));

  function open(id, trigger) {
    const el = byId(id);
    if (!el) return;
    if (!isOpen(el)) returnTo[id] = trigger || document.activeElement;
    el.classList.add(OPEN);
    if (id === PANEL) setExpanded(true);
    const first = id === PANEL && el.querySelector('input[name="phone"]');
    (first || el).focus();
  }

  function close(id) {
    const el = byId(id);
    if (!isOpen(el)) return;
    el.classList.remove(OPEN);
    if (id === PANEL) setExpanded(false);
    if (location.hash === '#' + id) history.replaceState(history.state, '', location.pathname + location.search);
    const back = returnTo[id];
    returnTo[id] = null;
    if (back && back.focus && document.contains(back)) back.focus();
  }

  // Keeps Tab and Shift+Tab inside the open dialog, wrapping at either end.
  function trap(box, e) {
    const items = Array.from(box.querySelectorAll(FOCUSABLE));
    const active = document.activeElement;
    if (!items.length) {
      e.preventDefault();
      box.focus();
    } else if (!box.contains(active)) {
      e.preventDefault();
      items[0].focus();
    } else if (e.shiftKey && (active === items[0] || active === box)) {
      e.preventDefault();
      items[items.length - 1].focus();
    } else if (!e.shiftKey && active === items[items.length - 1]) {
      e.preventDefault();
      items[0].focus();
    }
  }

  document.addEventListener('click', (e) => {
    if (e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e.target.closest && e.target.closest('a');
    const href = link && link.getAttribute('href');
    if (href === '#' + DISCLOSURE) {
      e.preventDefault();
      open(DISCLOSURE, link);
    } else if (href === '#' + PANEL) {
      e.preventDefault();
      if (isOpen(byId(PANEL))) close(PANEL); else open(PANEL, link);
    } else if (link && link.classList.contains('helpline-close')) {
      e.preventDefault();
      close(link.closest('[data-helpline]').id);
    } else {
      const d = byId(DISCLOSURE);
      if (isOpen(d) && !d.contains(e.target)) close(DISCLOSURE);
    }
  });

  document.addEventListener('keydown', (e) => {
    const d = byId(DISCLOSURE);
    const p = byId(PANEL);
    if (e.key === 'Escape' || e.key === 'Esc') {
      if (isOpen(d)) close(DISCLOSURE);
      else if (isOpen(p) && p.contains(document.activeElement)) close(PANEL);
      else return;
      e.preventDefault();
    } else if (e.key === 'Tab' && isOpen(d)) {
      trap(d, e);
    } else if (e.key === ' ' || e.key === 'Spacebar') {
      // Links answer Enter by themselves; Space would scroll the page instead.
      const t = e.target.closest && e.target.closest('a[href="#' + DISCLOSURE + '"],a[href="#' + PANEL + '"],a.helpline-close');
      if (t) {
        e.preventDefault();
        t.click();
      }
    }
  });

  const fromHash = () => {
    const id = location.hash.slice(1);
    if (id === DISCLOSURE || id === PANEL) open(id, null);
  };
  window.addEventListener('hashchange', fromHash);

  const validPhone = (value) => {
    let digits = value.replace(/\D/g, '');
    if (digits.length === 11 && digits[0] === '1') digits = digits.slice(1);
    return /^[2-9]\d\d[2-9]\d{6}$/.test(digits);
  };

  function status(form, text, cls) {
    const box = form.querySelector('[role="status"]');
    if (!box) return;
    box.textContent = '';
    if (text) {
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      box.appendChild(p);
    }
  }

  function clearErrors(form) {
    form.querySelectorAll('.helpline-error').forEach((el) => el.remove());
    form.querySelectorAll('[aria-invalid]').forEach((field) => {
      field.removeAttribute('aria-invalid');
      const ids = (field.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== field.id + '-error');
      if (ids.length) field.setAttribute('aria-describedby', ids.join(' '));
      else field.removeAttribute('aria-describedby');
    });
    status(form, '', '');
  }

  // Messages for fields the form has go beside them, the rest into the status region.
  function showErrors(form, errors) {
    clearErrors(form);
    const general = [];
    Object.keys(errors).forEach((name) => {
      const message = String(errors[name]);
      const field = form.elements[name];
      if (!field || !field.id || field.type === 'hidden') {
        general.push(message);
        return;
      }
      const p = document.createElement('p');
      p.className = 'helpline-error';
      p.id = field.id + '-error';
      p.textContent = message;
      (field.closest('.helpline-check') || field).insertAdjacentElement('afterend', p);
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', ((field.getAttribute('aria-describedby') || '') + ' ' + p.id).trim());
    });
    status(form, general.join(' '), 'helpline-error');
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  function send(form) {
    const button = form.querySelector('[type="submit"]');
    if (button) button.disabled = true;
    fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin'
    }).then((r) => {
      if (r.status === 202) {
        form.reset();
        status(form, form.getAttribute('data-helpline-success'), 'helpline-success');
        return null;
      }
      if (r.status === 422) return r.json().then((j) => showErrors(form, (j && j.errors) || {}));
      throw new Error('HTTP ' + r.status);
    }).catch(() => {
      // The server's own page handles what the script cannot (network trouble, an expired
      // token, a rate limit): a plain post gets the same validation and a readable answer.
      HTMLFormElement.prototype.submit.call(form);
    }).finally(() => {
      if (button) button.disabled = false;
    });
  }

  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!form.matches || !form.matches('form[data-helpline="form"]')) return;
    e.preventDefault();
    const button = form.querySelector('[type="submit"]');
    if (button && button.disabled) return;
    const phone = form.elements.phone;
    if (phone && !validPhone(phone.value)) {
      const hint = byId('helpline-phone-hint');
      showErrors(form, { phone: hint ? hint.textContent : '' });
      return;
    }
    clearErrors(form);
    send(form);
  });

  // Publishes the banner's height for hosts that stack their own sticky header below it.
  function trackBanner() {
    const banner = document.querySelector('[data-helpline="banner"]');
    if (!banner) return;
    const set = () => document.documentElement.style.setProperty('--helpline-banner-height', banner.offsetHeight + 'px');
    set();
    if (window.ResizeObserver) new ResizeObserver(set).observe(banner);
  }

  function init() {
    [DISCLOSURE, PANEL].forEach((id) => {
      const el = byId(id);
      if (el) el.classList.add('helpline-js');
    });
    const p = byId(PANEL);
    setExpanded(isOpen(p));
    // The server reopened the panel after a plain post: take the visitor to the problem.
    const invalid = isOpen(p) && p.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    fromHash();
    trackBanner();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
