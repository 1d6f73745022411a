package dev.helpline.core.config;

import java.util.Map;

/**
 * The configuration schema as Jackson binds it: every key as text, grouped as the dotted
 * property names are. Component names become kebab-case keys ({@code callText} is
 * {@code call-text}). Turning text into typed values, and reporting what is wrong, is
 * {@link HelplineConfig#fromRaw}'s job, so that binding never stops at the first problem.
 */
record RawSettings(Root helpline) {


    record Root(
            @Setting(defaultValue = "true", doc = "Master switch. `false` passes every response through untouched.")
            String enabled,
            @Setting(required = true, doc = "The helpline's number, any common NANP form, e.g. `800-601-3889`.")
            String phone,
            @Setting(doc = "A properties file read on top of the classpath `helpline.properties` (system property or filter init-param).")
            String config,
            @Setting(defaultValue = "en", doc = "The site's language (`en`, `es`, or another language code): texts set at the top"
                    + " level are in it, and it is the language when a page names none the widget has texts for.")
            String locale,
            Operator operator,
            Site site,
            Banner banner,
            Disclosure disclosure,
            Crisis crisis,
            Cta cta,
            Form form,
            Paths paths,
            Csp csp,
            Assets assets,
            Hours hours,
            Inline inline,
            Audit audit,
            Map<String, Profile> profiles,
            Callback callback,
            Admin admin,
            Stop stop) {
    }

    record Admin(
            @Setting(defaultValue = "", doc = "Bearer token of the operator's endpoint `POST {path}/delete` (at least 32 characters);"
                    + " empty: the endpoint is off.")
            String token,
            @Setting(defaultValue = "/helpline/admin", doc = "Path under which the operator's endpoints are answered.")
            String path) {
    }

    record Stop(
            @Setting(defaultValue = "/helpline/stop", doc = "Path of the visitor's \"stop calling me / delete my request\" form;"
                    + " the filter answers it.")
            String path,
            @Setting(localized = true, defaultValue = "Stop calling me / delete my request",
                    doc = "Text of the link to that form, in the disclosure and under the callback form.")
            String linkText,
            @Setting(localized = true, defaultValue = "Stop calls and delete your request", doc = "The stop form's heading.")
            String heading,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_STOP_INTRO,
                    doc = "What the stop form does, shown above it. `{operator}` and `{site}` are replaced.")
            String intro,
            @Setting(localized = true, defaultValue = "Stop calls to this number", doc = "The stop form's button.")
            String submitText,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_STOP_DONE,
                    doc = "Shown once the stop form was sent, the same whether or not the number had requests. `{operator}` is replaced.")
            String doneText) {
    }

    record Operator(
            @Setting(required = true, inProfiles = true, doc = "Who answers the calls, named in the disclosure, e.g. `American Addiction Centers`.")
            String name) {
    }

    record Site(
            @Setting(localized = true, defaultValue = "this site", doc = "How the disclosure names the partner site (in every language; only the default is translated).")
            String name) {
    }

    record Banner(
            @Setting(localized = true, defaultValue = "24Hr Addiction Hotline", doc = "The banner's label, shown before the number.")
            String label,
            @Setting(localized = true, defaultValue = "Call Now", doc = "The banner's call to action, shown first.")
            String callText,
            @Setting(localized = true, defaultValue = "Helpline", doc = "Accessible name of the banner landmark.")
            String ariaLabel,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_OFF_HOURS_TEXT,
                    doc = "Shown in the banner instead of the call link outside `helpline.hours.schedule`, with a link to the callback form.")
            String offHoursText) {
    }

    record Disclosure(
            @Setting(localized = true, defaultValue = "Who Answers?", doc = "Text of every link that opens the disclosure.")
            String linkText,
            @Setting(localized = true, defaultValue = "Where do calls go?", doc = "The disclosure's heading.")
            String title,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_DISCLOSURE_BODY,
                    doc = "The disclosure's text. `{operator}` and `{site}` are replaced; blank lines separate paragraphs.")
            String body,
            @Setting(localized = true, defaultValue = "Close", doc = "Label of the disclosure's close button.")
            String closeText,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_PROVIDERS_TEXT,
                    doc = "Shown in the disclosure after who answers, before the `helpline.disclosure.providers-url` link: how to find"
                            + " lists of licensed providers. `{operator}` and `{site}` are replaced.")
            String providersText,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_PROVIDERS_URL,
                    doc = "Where the disclosure sends visitors to search for licensed providers (an `https://` or `http://` URL;"
                            + " a plain link, the page requests nothing from it); in every language. A profile can point at a"
                            + " state's own search.")
            String providersUrl,
            @Setting(localized = true, defaultValue = "",
                    doc = "The licensed providers the operator represents, separated by `;`, listed in the disclosure; in every"
                            + " language. Empty: no list.")
            String representedProviders,
            @Setting(localized = true, defaultValue = "Licensed providers that {operator} represents:",
                    doc = "Heading of the `helpline.disclosure.represented-providers` list; `{operator}` and `{site}` are replaced.")
            String representedProvidersText) {
    }

    record Crisis(
            @Setting(defaultValue = "true", inProfiles = true,
                    doc = "Show the crisis lines (988, 911, SAMHSA's National Helpline) in the disclosure and beside the callback"
                            + " form. `false` (per profile too) logs a warning at start.")
            String enabled,
            @Setting(defaultValue = "false", inProfiles = true, doc = "Also show `helpline.crisis.text` in the banner.")
            String inBanner,
            @Setting(defaultValue = "false", inProfiles = true, doc = "Also show `helpline.crisis.text` in the call-to-action box.")
            String inCta,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_CRISIS_TEXT,
                    doc = "The crisis line. `{tel:988}`, `{sms:988}` and `{tel:911}` become links of their own (a link's text"
                            + " may follow a bar inside the braces, as in the default); both 988 and 911 must be linked.")
            String text,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_SAMHSA_TEXT,
                    doc = "The line about SAMHSA's National Helpline, shown under the crisis line; must link `{tel:samhsa}` and"
                            + " `{tel:samhsa-tty}`.")
            String samhsaText) {
    }

    record Cta(
            @Setting(localized = true, defaultValue = "I need to talk to someone now", doc = "Heading of the call-to-action box.")
            String heading,
            @Setting(localized = true, defaultValue = "Free and confidential", doc = "Line under the box's heading.")
            String subheading,
            @Setting(localized = true, defaultValue = "Call", doc = "Text before the number in the box.")
            String callText,
            @Setting(localized = true, defaultValue = "Response time about 1 min | Response rate 100%", doc = "The box's statistics line; empty hides it.")
            String stats,
            @Setting(defaultValue = "", doc = "The date the statistics line was true (ISO date, e.g. `2026-11-01`); shown after the"
                    + " line, which is left out once it is older than `helpline.cta.stats-max-age`. Empty: shown undated (logged at start).")
            String statsAsOf,
            @Setting(defaultValue = "P90D", doc = "How long the statistics line stays on pages after `helpline.cta.stats-as-of` (ISO-8601 period).")
            String statsMaxAge,
            @Setting(localized = true, defaultValue = "(as of {date})",
                    doc = "Follows the statistics line when `helpline.cta.stats-as-of` is set; `{date}` is its month and year.")
            String statsAsOfText,
            @Setting(defaultValue = "true", doc = "Put the box into the slots the host marks. With this and `helpline.inline.enabled`"
                    + " both `false`, the body after the banner passes through unscanned.")
            String enabled,
            @Setting(defaultValue = "0", doc = "Also place the box after this paragraph of the page's `<article>` (else `<main>`);"
                    + " `0` keeps it to the slots the host marks.")
            String afterParagraph) {
    }

    record Form(
            @Setting(defaultValue = "/helpline/callback", doc = "Path the callback form posts to; the filter answers it.")
            String path,
            @Setting(localized = true, defaultValue = "Request a call back", doc = "The callback form's heading.")
            String heading,
            @Setting(localized = true, defaultValue = "Your phone number", doc = "Label of the phone field.")
            String phoneLabel,
            @Setting(localized = true, defaultValue = "Use this format: (###) ###-####", doc = "Format hint tied to the phone field.")
            String hint,
            @Setting(localized = true, defaultValue = "This field is for validation purposes and should be left unchanged.",
                    doc = "Label of the hidden honeypot field.")
            String honeypotLabel,
            @Setting(localized = true, defaultValue = HelplineConfig.DEFAULT_CONSENT_TEXT,
                    doc = "Consent shown beside the checkbox; `{operator}` is replaced.")
            String consentText,
            @Setting(defaultValue = "true", doc = "Whether the form asks for, and the server requires, the consent checkbox.")
            String consentRequired,
            @Setting(localized = true, defaultValue = "Call me back", doc = "The submit button's text.")
            String submitText,
            @Setting(localized = true, defaultValue = "Thank you. We will call you back shortly.", doc = "Shown once a request is accepted.")
            String successText) {
    }

    record Paths(
            @Setting(defaultValue = "/**", doc = "Comma-separated path globs that get the widget (`*` one segment, `**` any).")
            String include,
            @Setting(defaultValue = "", doc = "Comma-separated path globs that never get the widget; wins over include.")
            String exclude) {
    }

    record Csp(
            @Setting(defaultValue = "", doc = "Request attribute holding the host's CSP nonce; empty: the nonce is read from the response's `Content-Security-Policy` header.")
            String nonceAttribute) {
    }

    record Assets(
            @Setting(defaultValue = "/helpline/assets", doc = "Path under which the filter serves the widget's CSS and JS.")
            String path) {
    }

    record Hours(
            @Setting(defaultValue = "24/7", inProfiles = true, doc = "When the phone line is answered: `24/7`, or a weekly schedule like"
                    + " `Mon-Fri 08:00-20:00; Sat 09:00-17:00` (an end before the start runs past midnight).")
            String schedule,
            @Setting(defaultValue = "America/New_York", inProfiles = true, doc = "The IANA time zone of the schedule and of the statistics' date.")
            String timeZone) {
    }

    record Inline(
            @Setting(defaultValue = "true", doc = "Link the helpline's number where it appears in page text, with its \"(Who Answers?)\" trigger.")
            String enabled) {
    }

    record Audit(
            @Setting(defaultValue = "true", doc = "Log (once per path and number, masked) phone numbers in page text that are not the helpline's.")
            String enabled) {
    }

    /**
     * A per-path variant of the widget. Besides the keys here, a profile may set every text
     * key ({@link Setting#localized()}); other keys of the shared groups are refused.
     */
    record Profile(
            @Setting(required = true, doc = "Comma-separated path globs this profile applies to; the first profile (by name) that matches wins.")
            String paths,
            @Setting(doc = "The profile's language; texts set in the profile are in it. Unset: the page's language, as at the top level.")
            String locale,
            @Setting(doc = "The profile's number; unset: `helpline.phone`.")
            String phone,
            Operator operator,
            Hours hours,
            Site site,
            Banner banner,
            Disclosure disclosure,
            Crisis crisis,
            Cta cta,
            Form form,
            Stop stop) {
    }

    // --- callback (owned by the callback branch) ---

    record Callback(
            @Setting(defaultValue = "true", doc = "Whether pages get the callback form and the filter answers its POST at"
                    + " `helpline.form.path`; `false`: no form, no form token and no link to it anywhere (the banner, the"
                    + " disclosure and the box stay), and the path is left to the site.")
            String enabled,
            CallbackStore store,
            CallbackWebhook webhook,
            CallbackToken token,
            @Setting(defaultValue = "PT2S",
                    doc = "Submissions faster than this after the form was rendered are refused (ISO-8601 duration or seconds).")
            String minFillTime,
            CallbackRateLimit rateLimit,
            @Setting(defaultValue = "",
                    doc = "Comma-separated proxy IPs or CIDRs whose `X-Forwarded-For` is believed; empty trusts none.")
            String trustedProxies,
            CallbackRetry retry,
            @Setting(defaultValue = "P7D",
                    doc = "How long a delivered request is kept before its phone number is purged (ISO-8601 duration or seconds).")
            String retention,
            @Setting(defaultValue = "P1826D",
                    doc = "How long signed consent receipts are kept; they hold no phone number and outlive the purge"
                            + " (ISO-8601 duration or seconds; default 5 years, longer than the TCPA's 4-year limitation).")
            String receiptRetention,
            @Setting(defaultValue = "",
                    doc = "Ed25519 key pair that signs consent receipts: base64 PKCS#8 private key, a dot, base64 X.509"
                            + " public key; empty: a key pair generated once and kept in the store.")
            String receiptKey,
            @Setting(defaultValue = "PT10S",
                    doc = "The whole body of a callback submission must arrive within this long of its headers, else `408`"
                            + " (ISO-8601 duration or seconds, from 1 second to 2 minutes).")
            String bodyDeadline,
            @Setting(defaultValue = "32",
                    doc = "Callback submissions whose bodies are read at once per instance; more get `503` with `Retry-After`"
                            + " before their body is read (1 to 10000).")
            String maxInFlight) {
    }

    record CallbackStore(
            @Setting(defaultValue = "jdbc:h2:file:./helpline-data/callbacks",
                    doc = "JDBC URL of the durable outbox: embedded H2 file (default, under `helpline-data/` in the working"
                            + " directory) or `jdbc:postgresql://…` for production.")
            String url,
            @Setting(defaultValue = "", doc = "Database user for the outbox.")
            String user,
            @Setting(defaultValue = "", doc = "Database password for the outbox.")
            String password,
            @Setting(defaultValue = "", doc = "JNDI name of a container DataSource for the outbox (e.g. `jdbc/helpline`, looked up"
                    + " under `java:comp/env/`); when set, the URL, user and password are not used and no driver is needed in the web application.")
            String jndi) {
    }

    record CallbackWebhook(
            @Setting(defaultValue = "",
                    doc = "Where accepted requests are POSTed (Standard Webhooks). Empty stores them only, with a warning.")
            String url,
            @Setting(defaultValue = "", doc = "The webhook signing secret, `whsec_` followed by base64; required with a URL.")
            String secret) {
    }

    record CallbackToken(
            @Setting(defaultValue = "",
                    doc = "Secret that signs form tokens (at least 32 characters). Empty: generated once and kept in the outbox database.")
            String secret,
            @Setting(defaultValue = "PT2H", doc = "How long a rendered form stays valid (ISO-8601 duration or seconds).")
            String maxAge) {
    }

    record CallbackRateLimit(
            @Setting(defaultValue = "5", doc = "Callback submissions allowed per client IP per minute.")
            String perMinute,
            @Setting(defaultValue = "3", doc = "Accepted callback requests allowed per phone number per hour.")
            String perPhonePerHour) {
    }

    record CallbackRetry(
            @Setting(defaultValue = "P3D",
                    doc = "How long delivery is retried (exponential backoff with jitter) before a request is reported undeliverable.")
            String horizon) {
    }
}
