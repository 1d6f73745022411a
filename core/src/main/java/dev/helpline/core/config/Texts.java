package dev.helpline.core.config;

/**
 * Every text the widget shows, already resolved ({@code {operator}} and {@code {site}}
 * replaced). Plain text: the renderer escapes all of it.
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
        String formSuccessText) {
}
