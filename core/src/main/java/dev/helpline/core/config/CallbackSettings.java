package dev.helpline.core.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The callback form's server side: where accepted requests are stored, where they are
 * delivered, and how submissions are checked ({@code helpline.callback.*}).
 *
 * <p>Secrets never appear in {@link #toString()}.
 *
 * @param enabled          whether the filter accepts callback requests
 * @param storeUrl         JDBC URL of the outbox ({@code jdbc:h2:} or {@code jdbc:postgresql:})
 * @param storeUser        database user, may be empty
 * @param storePassword    database password, may be empty
 * @param webhookUrl       where requests are delivered; {@code null} stores only
 * @param webhookSecret    the {@code whsec_} secret; {@code null} exactly when there is no URL
 * @param tokenSecret      form token secret; {@code null} means generated once and persisted
 * @param tokenMaxAge      how long a rendered form stays valid
 * @param minFillTime      submissions faster than this are refused
 * @param perMinute        submissions per client IP per minute
 * @param perPhonePerHour  accepted requests per phone number per hour
 * @param trustedProxies   IPs or CIDRs whose {@code X-Forwarded-For} is believed
 * @param retryHorizon     how long delivery is retried
 * @param retention        how long a delivered request is kept before its number is purged
 * @param storeJndi        JNDI name of a container DataSource for the outbox; empty: {@code storeUrl} is used
 * @param receiptRetention how long consent receipts are kept (they hold no number)
 * @param receiptKey       the configured receipt key pair (see {@code ConsentReceipts.encode}); {@code null}: the store's
 * @param bodyDeadline     the whole body of a submission must arrive within this long of its headers
 * @param maxInFlight      submissions whose bodies are read at once per instance
 */
public record CallbackSettings(
        boolean enabled,
        String storeUrl,
        String storeUser,
        String storePassword,
        URI webhookUrl,
        String webhookSecret,
        String tokenSecret,
        Duration tokenMaxAge,
        Duration minFillTime,
        int perMinute,
        int perPhonePerHour,
        List<String> trustedProxies,
        Duration retryHorizon,
        Duration retention,
        String storeJndi,
        Duration receiptRetention,
        String receiptKey,
        Duration bodyDeadline,
        int maxInFlight) {

    /** The bounds of {@code helpline.callback.body-deadline}. */
    static final Duration MIN_BODY_DEADLINE = Duration.ofSeconds(1);
    static final Duration MAX_BODY_DEADLINE = Duration.ofMinutes(2);
    static final int MAX_IN_FLIGHT_LIMIT = 10_000;

    public CallbackSettings {
        Objects.requireNonNull(storeJndi, "storeJndi");
        Objects.requireNonNull(storeUrl, "storeUrl");
        Objects.requireNonNull(storeUser, "storeUser");
        Objects.requireNonNull(storePassword, "storePassword");
        Objects.requireNonNull(tokenMaxAge, "tokenMaxAge");
        Objects.requireNonNull(minFillTime, "minFillTime");
        Objects.requireNonNull(retryHorizon, "retryHorizon");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(receiptRetention, "receiptRetention");
        Objects.requireNonNull(bodyDeadline, "bodyDeadline");
        if (bodyDeadline.isNegative() || bodyDeadline.isZero() || maxInFlight < 1) {
            throw new IllegalArgumentException("bodyDeadline and maxInFlight must be positive: " + bodyDeadline + ", "
                    + maxInFlight);
        }
        trustedProxies = List.copyOf(trustedProxies);
        if ((webhookUrl == null) != (webhookSecret == null)) {
            throw new IllegalArgumentException("webhookUrl and webhookSecret go together");
        }
    }

    /** Validates the {@code helpline.callback.*} group, adding every problem found. */
    static CallbackSettings fromRaw(RawSettings.Callback c, List<ConfigProblem> problems) {
        int before = problems.size();
        boolean enabled = bool(problems, "helpline.callback.enabled", c.enabled());

        String url = c.store().url() == null ? "" : c.store().url().trim();
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            problems.add(new ConfigProblem("helpline.callback.store.url", url,
                    "must be a jdbc:h2: or jdbc:postgresql: URL"));
        }
        String user = nullToEmpty(c.store().user()).trim();
        String password = nullToEmpty(c.store().password());
        String jndi = nullToEmpty(c.store().jndi()).trim();

        URI webhookUrl = null;
        String hook = nullToEmpty(c.webhook().url()).trim();
        if (!hook.isEmpty()) {
            try {
                URI u = new URI(hook);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                    problems.add(new ConfigProblem("helpline.callback.webhook.url", hook, "must be an absolute http or https URL"));
                } else {
                    webhookUrl = u;
                }
            } catch (URISyntaxException e) {
                problems.add(new ConfigProblem("helpline.callback.webhook.url", hook, "is not a URL: " + e.getReason()));
            }
        }
        String secret = nullToEmpty(c.webhook().secret()).trim();
        String webhookSecret = null;
        if (!secret.isEmpty()) {
            if (!secret.startsWith("whsec_")) {
                problems.add(new ConfigProblem("helpline.callback.webhook.secret", "whsec_…",
                        "must be whsec_ followed by base64"));
            } else {
                try {
                    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
                    if (key.length < 24 || key.length > 64) {
                        problems.add(new ConfigProblem("helpline.callback.webhook.secret", "whsec_…",
                                "must hold 24 to 64 bytes of key, not " + key.length));
                    } else {
                        webhookSecret = secret;
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem("helpline.callback.webhook.secret", "whsec_…", "is not valid base64"));
                }
            }
        }
        if (webhookUrl != null && webhookSecret == null && secret.isEmpty()) {
            problems.add(new ConfigProblem("helpline.callback.webhook.secret", null,
                    "is required when helpline.callback.webhook.url is set"));
        }
        if (webhookUrl == null) {
            webhookSecret = null; // a secret without a URL is harmless; nothing is sent
        }

        String tokenSecret = nullToEmpty(c.token().secret());
        if (!tokenSecret.isEmpty() && tokenSecret.length() < 32) {
            problems.add(new ConfigProblem("helpline.callback.token.secret", "…", "must be at least 32 characters"));
        }
        Duration maxAge = duration(problems, "helpline.callback.token.max-age", c.token().maxAge(), Duration.ofMinutes(1));
        Duration minFill = duration(problems, "helpline.callback.min-fill-time", c.minFillTime(), Duration.ZERO);
        int perMinute = positiveInt(problems, "helpline.callback.rate-limit.per-minute", c.rateLimit().perMinute());
        int perPhone = positiveInt(problems, "helpline.callback.rate-limit.per-phone-per-hour", c.rateLimit().perPhonePerHour());
        List<String> proxies = proxies(problems, c.trustedProxies());
        Duration horizon = duration(problems, "helpline.callback.retry.horizon", c.retry().horizon(), Duration.ofMinutes(1));
        Duration retention = duration(problems, "helpline.callback.retention", c.retention(), Duration.ZERO);
        String receiptKey = nullToEmpty(c.receiptKey()).trim();
        if (!receiptKey.isEmpty()) {
            try {
                dev.helpline.core.callback.ConsentReceipts.decode(receiptKey);
            } catch (IllegalArgumentException e) {
                // The value is a private key: never echoed.
                problems.add(new ConfigProblem("helpline.callback.receipt-key", "…", e.getMessage()));
            }
        }
        Duration receiptRetention = duration(problems, "helpline.callback.receipt-retention", c.receiptRetention(),
                Duration.ofDays(1));
        // Bounded above too: every second more lets a client trickling its body hold one of the
        // max-in-flight places (and, without async support, a request thread) that much longer.
        Duration bodyDeadline = duration(problems, "helpline.callback.body-deadline", c.bodyDeadline(), MIN_BODY_DEADLINE);
        if (bodyDeadline != null && bodyDeadline.compareTo(MAX_BODY_DEADLINE) > 0) {
            problems.add(new ConfigProblem("helpline.callback.body-deadline", c.bodyDeadline(),
                    "must be at most " + MAX_BODY_DEADLINE + " (2 minutes)"));
        }
        int maxInFlight = intBetween(problems, "helpline.callback.max-in-flight", c.maxInFlight(), 1, MAX_IN_FLIGHT_LIMIT);
        if (maxAge != null && minFill != null && minFill.compareTo(maxAge) >= 0) {
            problems.add(new ConfigProblem("helpline.callback.min-fill-time", c.minFillTime(),
                    "must be shorter than helpline.callback.token.max-age"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new CallbackSettings(enabled, url, user, password, webhookUrl, webhookSecret,
                tokenSecret.isEmpty() ? null : tokenSecret, maxAge, minFill, perMinute, perPhone, proxies,
                horizon, retention, jndi, receiptRetention, receiptKey.isEmpty() ? null : receiptKey, bodyDeadline,
                maxInFlight);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean bool(List<ConfigProblem> problems, String key, String v) {
        String t = nullToEmpty(v).trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        problems.add(new ConfigProblem(key, v, "must be true or false"));
        return false;
    }

    /** ISO-8601 ({@code PT2H}, {@code P3D}) or a number of seconds ({@code 1.5}). */
    static Duration duration(List<ConfigProblem> problems, String key, String v, Duration min) {
        String t = nullToEmpty(v).trim();
        Duration d = null;
        try {
            if (t.matches("\\d+(\\.\\d{1,3})?")) {
                d = Duration.ofMillis(new BigDecimal(t).movePointRight(3).longValueExact());
            } else {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        if (d == null) {
            problems.add(new ConfigProblem(key, v, "must be an ISO-8601 duration like PT2S or P3D, or a number of seconds"));
            return null;
        }
        if (d.compareTo(min) < 0) {
            problems.add(new ConfigProblem(key, v, "must be at least " + min));
            return null;
        }
        return d;
    }

    private static int positiveInt(List<ConfigProblem> problems, String key, String v) {
        return intBetween(problems, key, v, 1, 1_000_000);
    }

    private static int intBetween(List<ConfigProblem> problems, String key, String v, int min, int max) {
        try {
            int n = Integer.parseInt(nullToEmpty(v).trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new ConfigProblem(key, v, "must be a whole number from " + min + " to " + max));
        return 0;
    }

    private static List<String> proxies(List<ConfigProblem> problems, String v) {
        List<String> out = new ArrayList<>();
        for (String p : nullToEmpty(v).split(",")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!validCidr(t)) {
                problems.add(new ConfigProblem("helpline.callback.trusted-proxies", v,
                        "'" + t + "' is not an IP address or CIDR block"));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean validCidr(String t) {
        String[] parts = t.split("/", -1);
        // Only a dotted quad or a text with ':' reaches InetAddress: neither is ever resolved by DNS.
        if (parts.length > 2 || !(parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}") || parts[0].matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"))) {
            return false;
        }
        try {
            byte[] addr = InetAddress.getByName(parts[0]).getAddress(); // literal only: no lookup for this alphabet
            if (parts.length == 2) {
                int bits = Integer.parseInt(parts[1]);
                return bits >= 0 && bits <= addr.length * 8;
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** The store URL with any {@code password=} parameter hidden, fit for a log line. */
    public String storeUrlForLogs() {
        if (!storeJndi.isEmpty()) {
            return "JNDI " + storeJndi;
        }
        return storeUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Readable form without secrets or database passwords. */
    @Override
    public String toString() {
        return "CallbackSettings[enabled=" + enabled + ", store=" + storeUrlForLogs() + ", webhook=" + webhookUrl
                + ", tokenMaxAge=" + tokenMaxAge + ", minFillTime=" + minFillTime + ", perMinute=" + perMinute
                + ", perPhonePerHour=" + perPhonePerHour + ", trustedProxies=" + trustedProxies
                + ", retryHorizon=" + retryHorizon + ", retention=" + retention + ", receiptRetention=" + receiptRetention
                + ", bodyDeadline=" + bodyDeadline + ", maxInFlight=" + maxInFlight + "]";
    }
}
