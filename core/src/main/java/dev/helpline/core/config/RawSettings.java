package dev.helpline.core.config;

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
            Operator operator,
            Site site,
            Banner banner,
            Disclosure disclosure,
            Cta cta,
            Form form,
            Paths paths,
            Csp csp,
            Assets assets,
            Callback callback) {
    }

    record Operator(
            @Setting(required = true, doc = "Who answers the calls, named in the disclosure, e.g. `American Addiction Centers`.")
            String name) {
    }

    record Site(
            @Setting(defaultValue = "this site", doc = "How the disclosure names the partner site.")
            String name) {
    }

    record Banner(
            @Setting(defaultValue = "24Hr Addiction Hotline", doc = "The banner's label, shown before the number.")
            String label,
            @Setting(defaultValue = "Call Now", doc = "The banner's call to action, shown first.")
            String callText,
            @Setting(defaultValue = "Helpline", doc = "Accessible name of the banner landmark.")
            String ariaLabel) {
    }

    record Disclosure(
            @Setting(defaultValue = "Who Answers?", doc = "Text of every link that opens the disclosure.")
            String linkText,
            @Setting(defaultValue = "Where do calls go?", doc = "The disclosure's heading.")
            String title,
            @Setting(defaultValue = HelplineConfig.DEFAULT_DISCLOSURE_BODY,
                    doc = "The disclosure's text. `{operator}` and `{site}` are replaced; blank lines separate paragraphs.")
            String body,
            @Setting(defaultValue = "Close", doc = "Label of the disclosure's close button.")
            String closeText) {
    }

    record Cta(
            @Setting(defaultValue = "I need to talk to someone now", doc = "Heading of the call-to-action box.")
            String heading,
            @Setting(defaultValue = "Free and confidential", doc = "Line under the box's heading.")
            String subheading,
            @Setting(defaultValue = "Call", doc = "Text before the number in the box.")
            String callText,
            @Setting(defaultValue = "Response time about 1 min | Response rate 100%", doc = "The box's statistics line; empty hides it.")
            String stats) {
    }

    record Form(
            @Setting(defaultValue = "/helpline/callback", doc = "Path the callback form posts to; the filter answers it.")
            String path,
            @Setting(defaultValue = "Request a call back", doc = "The callback form's heading.")
            String heading,
            @Setting(defaultValue = "Your phone number", doc = "Label of the phone field.")
            String phoneLabel,
            @Setting(defaultValue = "Use this format: (###) ###-####", doc = "Format hint tied to the phone field.")
            String hint,
            @Setting(defaultValue = "This field is for validation purposes and should be left unchanged.",
                    doc = "Label of the hidden honeypot field.")
            String honeypotLabel,
            @Setting(defaultValue = HelplineConfig.DEFAULT_CONSENT_TEXT,
                    doc = "Consent shown beside the checkbox; `{operator}` is replaced.")
            String consentText,
            @Setting(defaultValue = "true", doc = "Whether the form asks for, and the server requires, the consent checkbox.")
            String consentRequired,
            @Setting(defaultValue = "Call me back", doc = "The submit button's text.")
            String submitText,
            @Setting(defaultValue = "Thank you. We will call you back shortly.", doc = "Shown once a request is accepted.")
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

    // --- callback (owned by the callback branch) ---

    record Callback(
            @Setting(defaultValue = "true", doc = "Whether the filter accepts callback requests at `helpline.form.path`.")
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
            String retention) {
    }

    record CallbackStore(
            @Setting(defaultValue = "jdbc:h2:file:./helpline-data/callbacks",
                    doc = "JDBC URL of the durable outbox: embedded H2 file (default, under `helpline-data/` in the working"
                            + " directory) or `jdbc:postgresql://…` for production.")
            String url,
            @Setting(defaultValue = "", doc = "Database user for the outbox.")
            String user,
            @Setting(defaultValue = "", doc = "Database password for the outbox.")
            String password) {
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
