package dev.helpline.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every text the widget shows in one language, already resolved ({@code {operator}},
 * {@code {site}} and {@code {date}} replaced). Plain text: the renderer escapes all of it.
 *
 * @param bannerOffHoursText shown in the banner instead of the call link outside the hours
 * @param ctaStatsAsOf       follows the statistics line, e.g. "(as of November 2026)"; empty
 *                           when no date is configured
 * @param crisisText         the crisis line, with {@link CrisisText} placeholders for its links
 * @param crisisSamhsaText   the line about SAMHSA's National Helpline, with its placeholders
 * @param disclosureProvidersText      how to find lists of licensed providers, before the link
 * @param disclosureProvidersUrl       where that link goes (an absolute http(s) URL)
 * @param disclosureRepresentedProviders the providers the operator represents, separated by {@code ;}; empty for none
 * @param disclosureRepresentedProvidersText the heading of that list
 * @param stopLinkText      the link to the "stop calling me / delete my request" form
 * @param stopHeading       that form's heading
 * @param stopIntro         what that form does
 * @param stopSubmitText    its button
 * @param stopDoneText      shown once it was sent (the same whatever the store held)
 */
public record Texts(
        String bannerAriaLabel,
        String bannerCallText,
        String bannerLabel,
        String disclosureLinkText,
        String disclosureTitle,
        String disclosureBody,
        String disclosureCloseText,
        String ctaHeading,
        String ctaSubheading,
        String ctaCallText,
        String ctaStats,
        String formHeading,
        String formPhoneLabel,
        String formHint,
        String formHoneypotLabel,
        String formConsentText,
        String formSubmitText,
        String formSuccessText,
        String bannerOffHoursText,
        String ctaStatsAsOf,
        String crisisText,
        String crisisSamhsaText,
        String disclosureProvidersText,
        String disclosureProvidersUrl,
        String disclosureRepresentedProviders,
        String disclosureRepresentedProvidersText,
        String stopLinkText,
        String stopHeading,
        String stopIntro,
        String stopSubmitText,
        String stopDoneText) {

    /** The texts from resolved values by text key ({@code banner.label}); missing keys are empty. */
    static Texts of(Map<String, String> t) {
        return new Texts(
                t.getOrDefault("banner.aria-label", ""),
                t.getOrDefault("banner.call-text", ""),
                t.getOrDefault("banner.label", ""),
                t.getOrDefault("disclosure.link-text", ""),
                t.getOrDefault("disclosure.title", ""),
                t.getOrDefault("disclosure.body", ""),
                t.getOrDefault("disclosure.close-text", ""),
                t.getOrDefault("cta.heading", ""),
                t.getOrDefault("cta.subheading", ""),
                t.getOrDefault("cta.call-text", ""),
                t.getOrDefault("cta.stats", ""),
                t.getOrDefault("form.heading", ""),
                t.getOrDefault("form.phone-label", ""),
                t.getOrDefault("form.hint", ""),
                t.getOrDefault("form.honeypot-label", ""),
                t.getOrDefault("form.consent-text", ""),
                t.getOrDefault("form.submit-text", ""),
                t.getOrDefault("form.success-text", ""),
                t.getOrDefault("banner.off-hours-text", ""),
                t.getOrDefault("cta.stats-as-of-text", ""),
                t.getOrDefault("crisis.text", ""),
                t.getOrDefault("crisis.samhsa-text", ""),
                t.getOrDefault("disclosure.providers-text", ""),
                t.getOrDefault("disclosure.providers-url", ""),
                t.getOrDefault("disclosure.represented-providers", ""),
                t.getOrDefault("disclosure.represented-providers-text", ""),
                t.getOrDefault("stop.link-text", ""),
                t.getOrDefault("stop.heading", ""),
                t.getOrDefault("stop.intro", ""),
                t.getOrDefault("stop.submit-text", ""),
                t.getOrDefault("stop.done-text", ""));
    }

    /** The providers the operator represents, in order; empty when none are set. */
    public List<String> representedProviderList() {
        return Arrays.stream(disclosureRepresentedProviders.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
