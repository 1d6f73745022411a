package dev.helpline.core.callback;

import dev.helpline.core.callback.internal.RateLimiter;
import dev.helpline.core.callback.internal.StoreDataSources;
import dev.helpline.core.config.CallbackSettings;
import dev.helpline.core.config.HelplineConfig;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The callback form's server side, without HTTP: issues form tokens, checks a submission
 * (per-IP rate limit, honeypot, token, fields, per-number rate limit), commits accepted
 * requests to the outbox and delivers them in the background.
 *
 * <pre>{@code
 * CallbackService callbacks = CallbackService.start(config);
 * String token = callbacks.issueToken();                   // into the rendered form
 * Outcome o = callbacks.submit(new Submission(fields, clientIp, pageUrl, userAgent));
 * callbacks.close();                                       // at shutdown
 * }</pre>
 *
 * <p>Thread safe. No phone number is logged unmasked.
 */
public final class CallbackService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");
    /** The honeypot field's name. */
    public static final String HONEYPOT = "website";

    private final CallbackSettings settings;
    private final Clock clock;
    private final CallbackOutbox outbox;
    private final FormToken tokens;
    private final CallbackValidator validator;
    private final DeliveryWorker worker;
    private final ClientAddress clientAddress;
    private final HelplineConfig config;
    private final String storeForLogs;
    /** One validator per (profile, language) a page was shown in; few, so never evicted. */
    private final java.util.concurrent.ConcurrentHashMap<String, CallbackValidator> validators =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final RateLimiter perIp;
    private final RateLimiter perPhone;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong spam = new AtomicLong();
    private final AtomicLong tokenRejected = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();

    private CallbackService(HelplineConfig config, Clock clock, DataSource dataSource, DeliveryListener deliveries) {
        this.settings = config.callback();
        this.clock = clock;
        // The application's DataSource (Boot) first, then a container's (JNDI), then a pool on the URL.
        this.outbox = dataSource != null ? CallbackOutbox.open(dataSource)
                : !settings.storeJndi().isEmpty() ? CallbackOutbox.open(StoreDataSources.lookup(settings.storeJndi()))
                : CallbackOutbox.open(settings.storeUrl(), settings.storeUser(), settings.storePassword());
        this.storeForLogs = dataSource != null ? "the application's DataSource" : settings.storeUrlForLogs();
        try {
            String secret = settings.tokenSecret() != null ? settings.tokenSecret()
                    : outbox.secret("form-token", () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32)));
            this.tokens = new FormToken(secret.getBytes(StandardCharsets.UTF_8), settings.tokenMaxAge(),
                    settings.minFillTime());
            this.config = config;
            this.validator = validatorFor(null, config.locale());
            this.clientAddress = ClientAddress.trusting(settings.trustedProxies());
            this.perIp = new RateLimiter(settings.perMinute(), Duration.ofMinutes(1));
            this.perPhone = new RateLimiter(settings.perPhonePerHour(), Duration.ofHours(1));
            this.worker = new DeliveryWorker(outbox, settings.webhookUrl(),
                    settings.webhookUrl() == null ? null : new WebhookSigner(settings.webhookSecret()),
                    clock, settings.retryHorizon(), settings.retention(), deliveries);
        } catch (RuntimeException e) {
            outbox.close();
            throw e;
        }
        if (settings.webhookUrl() == null) {
            LOG.log(System.Logger.Level.WARNING, "helpline.callback.webhook.url is empty: callback requests are"
                    + " stored in {0} but not delivered to anyone", storeForLogs);
        }
    }

    /**
     * Opens the store (creating or migrating its schema) and starts delivery in the background.
     *
     * @throws IllegalStateException if the store cannot be opened ({@link StoreDataSources.MissingDriverException}
     *                               when the JDBC driver of {@code helpline.callback.store.url} is not on the classpath)
     */
    public static CallbackService start(HelplineConfig config) {
        return start(config, Clock.systemUTC(), true);
    }

    /**
     * As {@link #start(HelplineConfig)} with a clock; with {@code deliverInBackground} false,
     * nothing is delivered until {@code worker().runOnce()} is called (tests).
     */
    public static CallbackService start(HelplineConfig config, Clock clock, boolean deliverInBackground) {
        return start(config, clock, deliverInBackground, null, DeliveryListener.NONE);
    }

    /**
     * As {@link #start(HelplineConfig)}, with the outbox in the host's {@code dataSource}
     * (its tables created there) instead of {@code helpline.callback.store.url}, and every
     * delivery attempt told to {@code deliveries}.
     *
     * @param dataSource the host's DataSource, or {@code null} for the configured store URL
     * @throws IllegalStateException    if the store cannot be opened
     * @throws IllegalArgumentException if the DataSource is neither H2 nor PostgreSQL
     */
    public static CallbackService start(HelplineConfig config, DataSource dataSource, DeliveryListener deliveries) {
        return start(config, Clock.systemUTC(), true, dataSource, deliveries);
    }

    /** The full form of {@code start}: clock, background delivery, DataSource (or null) and listener. */
    public static CallbackService start(HelplineConfig config, Clock clock, boolean deliverInBackground,
                                        DataSource dataSource, DeliveryListener deliveries) {
        Objects.requireNonNull(config, "config");
        CallbackService s = new CallbackService(config, clock, dataSource, Objects.requireNonNull(deliveries, "deliveries"));
        if (deliverInBackground) {
            s.worker.start();
        }
        List<CallbackOutbox.Undeliverable> stuck = s.outbox.undeliverable();
        if (!stuck.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "{0} callback requests are undeliverable and kept in the store;"
                    + " oldest {1}", stuck.size(), stuck.get(0).id());
        }
        return s;
    }

    /** A fresh form token, dated now: put it in the form's {@code token} field. */
    public String issueToken() {
        return tokens.issue(clock.instant());
    }

    private CallbackValidator validatorFor(dev.helpline.core.config.Profile profile, String language) {
        var texts = config.texts(profile, language);
        return new CallbackValidator(config.consentRequired(), texts.formConsentText(),
                Ids.sha256Hex(texts.formConsentText()),
                Ids.sha256Hex(texts.disclosureTitle() + "\n\n" + texts.disclosureBody()));
    }

    /** The client address for a peer and its {@code X-Forwarded-For} values, trusting the configured proxies. */
    public String clientIp(String remoteAddr, List<String> forwardedFor) {
        return clientAddress.resolve(remoteAddr, forwardedFor);
    }

    /** Checks a submission and, when it passes, commits it to the outbox before returning. */
    public Outcome submit(Submission s) {
        Duration wait = perIp.tryAcquire("ip:" + s.clientIp());
        if (!wait.isZero()) {
            rateLimited.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "callback submission rate-limited for client {0}", s.clientIp());
            return new Outcome.RateLimited(wait);
        }
        String honeypot = s.fields().get(HONEYPOT);
        if (honeypot != null && !honeypot.isEmpty()) {
            spam.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "callback submission dropped: honeypot filled (client {0})", s.clientIp());
            return new Outcome.Spam();
        }
        FormToken.Verdict verdict = tokens.verify(s.fields().get("token"), clock.instant());
        if (verdict != FormToken.Verdict.VALID) {
            tokenRejected.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "callback submission refused: token {0} (client {1})", verdict, s.clientIp());
            return new Outcome.TokenRejected(verdict);
        }
        // The consent record holds the texts this person was shown: their page's profile and language.
        CallbackValidator v = s.profile() == null && s.language() == null ? validator
                : validators.computeIfAbsent((s.profile() == null ? "" : s.profile().name()) + "|" + s.language(),
                        k -> validatorFor(s.profile(), s.language() == null ? config.locale() : s.language()));
        CallbackValidator.Result r = v.validate(s.fields(), s.pageUrl(), s.userAgent(), clock.instant());
        if (r instanceof CallbackValidator.Invalid bad) {
            invalid.incrementAndGet();
            return new Outcome.Invalid(bad.errors());
        }
        CallbackRequest request = ((CallbackValidator.Valid) r).request();
        wait = perPhone.tryAcquire("phone:" + request.phone().e164());
        if (!wait.isZero()) {
            rateLimited.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "callback submission rate-limited for number {0}", request.phone().masked());
            return new Outcome.RateLimited(wait);
        }
        try {
            outbox.accept(request);
        } catch (IllegalStateException e) {
            unavailable.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "callback request for {0} NOT accepted: {1}", request.phone().masked(),
                    e.getMessage());
            return new Outcome.Unavailable();
        }
        accepted.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, "callback request {0} accepted for {1}", request.id(), request.phone().masked());
        worker.wake();
        return new Outcome.Accepted(request.id());
    }

    public CallbackStats stats() {
        return new CallbackStats(accepted.get(), spam.get(), tokenRejected.get(), invalid.get(), rateLimited.get(),
                unavailable.get(), worker.deliveredCount(), worker.failedAttemptCount());
    }

    /** Requests given up on (kept in the store), numbers masked. */
    public List<CallbackOutbox.Undeliverable> undeliverable() {
        return outbox.undeliverable();
    }

    /** The store (for reports and tests). */
    public CallbackOutbox outbox() {
        return outbox;
    }

    /** The delivery worker (for tests that drive it by hand). */
    public DeliveryWorker worker() {
        return worker;
    }

    /** Stops delivery and closes the store. Accepted requests stay stored for the next start. */
    @Override
    public void close() {
        worker.close();
        outbox.close();
    }
}
