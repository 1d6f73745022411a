package dev.helpline.core.callback;

import dev.helpline.core.callback.internal.LocalRateLimiter;
import dev.helpline.core.callback.internal.RateLimiter;
import dev.helpline.core.callback.internal.StoreDataSources;
import dev.helpline.core.config.CallbackSettings;
import dev.helpline.core.config.HelplineConfig;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The callback form's server side, without HTTP: issues form tokens, checks a submission
 * (per-IP rate limit, honeypot, token, fields, per-number rate limit), commits accepted
 * requests to the outbox and delivers them in the background. Refusals are counted and
 * logged as one summary line a minute at most, without client addresses.
 *
 * <pre>{@code
 * CallbackService callbacks = CallbackService.start(config);
 * String token = callbacks.issueToken(new FormView(profile, "es")); // into the rendered form
 * SubmissionOutcome o = callbacks.submit(new Submission(fields, clientIp, pageUrl, userAgent));
 * callbacks.close();                                       // at shutdown
 * }</pre>
 *
 * <p>Thread safe. No phone number is logged unmasked.
 */
public final class CallbackService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");
    /** The honeypot field's name. */
    public static final String HONEYPOT = "website";
    /** The store secret holding the receipts' Ed25519 key pair ({@link ConsentReceipts#encode}). */
    static final String RECEIPT_KEY_SECRET = "receipt-ed25519";

    private final CallbackSettings settings;
    private final Clock clock;
    private final CallbackStore outbox;
    private final FormToken tokens;
    private final ConsentReceipts receipts;
    private final DeliveryWorker worker;
    private final DataRights dataRights;
    private final ClientAddress clientAddress;
    private final HelplineConfig config;
    private final String storeForLogs;
    /** One validator per (profile, language) a page was shown in; few, so never evicted. */
    private final java.util.concurrent.ConcurrentHashMap<String, CallbackValidator> validators =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final RateLimiter perIp;
    private final RateLimiter perPhone;
    private final RefusalLog refusals;

    /**
     * The one place the JDBC store is chosen and opened: the application's DataSource (Boot)
     * first, then a container's (JNDI), then a pool on the configured URL. The rest of the
     * service sees a {@link CallbackStore}; only the shared rate limits below need to know
     * that it is PostgreSQL, because they keep their buckets in the same database.
     */
    private static CallbackOutbox openStore(CallbackSettings settings, DataSource dataSource) {
        return dataSource != null ? CallbackOutbox.open(dataSource)
                : !settings.storeJndi().isEmpty() ? CallbackOutbox.open(StoreDataSources.lookup(settings.storeJndi()))
                : CallbackOutbox.open(settings.storeUrl(), settings.storeUser(), settings.storePassword());
    }

    private CallbackService(HelplineConfig config, Clock clock, DataSource dataSource, DeliveryListener deliveries) {
        this.settings = config.callback();
        this.clock = clock;
        CallbackOutbox jdbc = openStore(settings, dataSource);
        this.outbox = jdbc;
        this.storeForLogs = dataSource != null ? "the application's DataSource" : settings.storeUrlForLogs();
        try {
            String secret = settings.tokenSecret() != null ? settings.tokenSecret()
                    : outbox.secret("form-token", () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32)));
            this.tokens = new FormToken(secret.getBytes(StandardCharsets.UTF_8), settings.tokenMaxAge(),
                    settings.minFillTime());
            // The signing key and the number's hash key live in the store, so every instance
            // on it signs alike and a restart keeps the chain verifiable with the same key.
            this.receipts = new ConsentReceipts(
                    ConsentReceipts.decode(settings.receiptKey() != null ? settings.receiptKey()
                            : outbox.secret(RECEIPT_KEY_SECRET,
                            () -> ConsentReceipts.encode(ConsentReceipts.generateKeyPair()))),
                    outbox.secret("receipt-phone-key", () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32)))
                            .getBytes(StandardCharsets.UTF_8));
            this.config = config;
            this.refusals = new RefusalLog(clock, Duration.ofMinutes(1));
            this.clientAddress = ClientAddress.trusting(settings.trustedProxies());
            if (jdbc.isPostgres()) {
                // Every instance on this store counts against the same buckets.
                byte[] keySecret = outbox.secret("rate-limit-key",
                        () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32))).getBytes(StandardCharsets.UTF_8);
                this.perIp = dev.helpline.core.callback.internal.PostgresRateLimiter.open(jdbc.dataSource(),
                        keySecret, "ip:", settings.perMinute(),
                        Duration.ofMinutes(1));
                this.perPhone = dev.helpline.core.callback.internal.PostgresRateLimiter.open(jdbc.dataSource(),
                        keySecret, "phone:", settings.perPhonePerHour(),
                        Duration.ofHours(1));
            } else {
                this.perIp = new LocalRateLimiter(settings.perMinute(), Duration.ofMinutes(1));
                this.perPhone = new LocalRateLimiter(settings.perPhonePerHour(), Duration.ofHours(1));
            }
            this.worker = new DeliveryWorker(outbox, settings.webhookUrl(),
                    settings.webhookUrl() == null ? null : new WebhookSigner(settings.webhookSecret()),
                    clock, settings.retryHorizon(), settings.retention(), deliveries, settings.receiptRetention());
            this.dataRights = new DataRights(outbox, receipts, clock, config.hours().zone());
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
     * @throws IllegalStateException if the store cannot be opened ({@link MissingDriverException}
     *                               when the JDBC driver of {@code helpline.callback.store.url} is not on the classpath)
     */
    public static CallbackService start(HelplineConfig config) {
        return start(config, Clock.systemUTC(), true, null, DeliveryListener.NONE);
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

    /**
     * The full form of {@code start}: clock, background delivery (false: nothing is delivered
     * until the worker runs a round), DataSource (or null) and listener.
     */
    static CallbackService start(HelplineConfig config, Clock clock, boolean deliverInBackground,
                                        DataSource dataSource, DeliveryListener deliveries) {
        Objects.requireNonNull(config, "config");
        CallbackService s = new CallbackService(config, clock, dataSource, Objects.requireNonNull(deliveries, "deliveries"));
        if (deliverInBackground) {
            s.worker.start();
        }
        List<CallbackStore.Undeliverable> stuck = s.outbox.undeliverable();
        if (!stuck.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "{0} callback requests are undeliverable and kept in the store;"
                    + " oldest {1}", stuck.size(), stuck.get(0).id());
        }
        return s;
    }

    /** A fresh form token, dated now, for a form shown with the site's own texts in {@code helpline.locale}. */
    public String issueToken() {
        return issueToken(new FormView(null, config.locale()));
    }

    /**
     * A fresh form token, dated now, for a form shown on a page of this profile
     * ({@code null}: the top level) in this language: put it in the form's {@code token}
     * field. The token names the profile, the language and the consent text's version, so
     * the submission is recorded with exactly the texts this form showed.
     */
    public String issueToken(FormView view) {
        return tokens.issue(clock.instant(), signedView(view));
    }

    /** What a token for this view signs; the last one is kept, since every page asks and pages repeat a few views. */
    private String signedView(FormView view) {
        SignedView last = lastView;
        if (last != null && last.profile() == view.profile() && last.language().equals(view.language())) {
            return last.signed();
        }
        CallbackValidator v = validatorFor(view.profile(), view.language());
        String profile = view.profile() == null ? "" : view.profile().name();
        String signed = profile + "\n" + view.language() + "\n" + consentVersion(v);
        lastView = new SignedView(view.profile(), view.language(), signed);
        return signed;
    }

    private record SignedView(dev.helpline.core.config.Profile profile, String language, String signed) {
    }

    private volatile SignedView lastView;

    /**
     * The view a token was rendered for, when its signature holds (even if it has expired,
     * so that a refusal speaks the page's language); {@code null} for a missing, forged or
     * unknown one.
     */
    public FormView viewOf(String token) {
        FormToken.Checked checked = tokens.check(token, clock.instant());
        return checked.view() == null ? null : parseView(checked.view());
    }

    private FormView parseView(String view) {
        String[] parts = view.split("\n", -1);
        if (parts.length != 3) {
            return null;
        }
        dev.helpline.core.config.Profile profile = null;
        if (!parts[0].isEmpty()) {
            for (var p : config.profiles()) {
                if (p.name().equals(parts[0])) {
                    profile = p;
                }
            }
            if (profile == null) {
                return null; // a profile that no longer exists: the form is out of date
            }
        }
        String language = parts[1];
        boolean known = config.languages().contains(language) || profile != null && language.equals(profile.locale());
        return known ? new FormView(profile, language) : null;
    }

    /** The first 128 bits of the consent text's hash: enough to tell versions apart, short in a token. */
    private static String consentVersion(CallbackValidator v) {
        return v.consentHash().substring(0, 32);
    }

    private CallbackValidator validatorFor(dev.helpline.core.config.Profile profile, String language) {
        // Keys come from signed tokens and known profiles and languages only: few, so never evicted.
        return validators.computeIfAbsent((profile == null ? "" : profile.name()) + "|" + language, k -> {
            var texts = config.texts(profile, language);
            return new CallbackValidator(config.consentRequired(), texts.formConsentText(),
                    Ids.sha256Hex(texts.formConsentText()),
                    Ids.sha256Hex(texts.disclosureTitle() + "\n\n" + texts.disclosureBody()));
        });
    }

    /**
     * SHA-256 (hex) of the whole disclosure a form's page showed: title, body, the crisis
     * lines when shown, how to find licensed providers and the providers represented.
     */
    private String disclosureHash(FormView view) {
        var t = config.texts(view.profile(), view.language());
        boolean crisis = config.crisis(view.profile()).enabled();
        return Ids.sha256Hex(String.join("\n\n", t.disclosureTitle(), t.disclosureBody(),
                crisis ? t.crisisText() : "", crisis ? t.crisisSamhsaText() : "",
                t.disclosureProvidersText(), t.disclosureProvidersUrl(),
                t.disclosureRepresentedProvidersText(), t.disclosureRepresentedProviders()));
    }

    /** The signer of this store's consent receipts (its public key and {@code kid}, for verifying them). */
    public ConsentReceipts receipts() {
        return receipts;
    }

    /** The client address for a peer and its {@code X-Forwarded-For} values, trusting the configured proxies. */
    public String clientIp(String remoteAddr, List<String> forwardedFor) {
        return clientAddress.resolve(remoteAddr, forwardedFor);
    }

    /** The proxies whose forwarding headers are believed. */
    public ClientAddress clientAddress() {
        return clientAddress;
    }

    /**
     * Takes one submission from this client's per-IP allowance, before anything else of the
     * request is read: {@code null} when allowed, else the refusal to answer.
     */
    public SubmissionOutcome.RateLimited admit(String clientIp) {
        Duration wait = perIp.tryAcquire(ClientAddress.limitKey(clientIp));
        if (wait.isZero()) {
            return null;
        }
        refusals.count("rate-limited (per IP)");
        return new SubmissionOutcome.RateLimited(wait);
    }

    /** Checks a submission (its client's per-IP allowance first) and, when it passes, commits it before returning. */
    public SubmissionOutcome submit(Submission s) {
        SubmissionOutcome.RateLimited limited = admit(s.clientIp());
        return limited != null ? limited : submitAdmitted(s);
    }

    /**
     * Checks a submission whose client was already {@link #admit admitted} and, when it
     * passes, commits it to the outbox before returning.
     */
    public SubmissionOutcome submitAdmitted(Submission s) {
        String honeypot = s.fields().get(HONEYPOT);
        if (honeypot != null && !honeypot.isEmpty()) {
            refusals.count("honeypot filled");
            return new SubmissionOutcome.Spam();
        }
        FormToken.Checked checked = tokens.check(s.fields().get("token"), clock.instant());
        if (checked.verdict() != FormToken.Verdict.VALID) {
            refusals.count("token " + checked.verdict());
            return new SubmissionOutcome.TokenRejected(checked.verdict());
        }
        // The consent record holds the texts this form showed: the profile and language its
        // token names, and only while that consent text is still the one configured.
        FormView view = parseView(checked.view());
        CallbackValidator v = view == null ? null : validatorFor(view.profile(), view.language());
        if (v == null || !checked.view().endsWith("\n" + consentVersion(v))) {
            refusals.count("token of a form whose texts changed since");
            return new SubmissionOutcome.TokenRejected(FormToken.Verdict.EXPIRED);
        }
        CallbackValidator.Result r = v.validate(s.fields(), s.pageUrl(), s.userAgent(), clock.instant());
        if (r instanceof CallbackValidator.Invalid bad) {
            return new SubmissionOutcome.Invalid(bad.errors());
        }
        CallbackRequest request = ((CallbackValidator.Valid) r).request();
        if (!perPhone.tryAcquire("phone:" + request.phone().e164()).isZero()) {
            // Answered as accepted: see SubmissionOutcome.PhoneLimited.
            refusals.count("per-number limit reached");
            return new SubmissionOutcome.PhoneLimited();
        }
        Instant now = clock.instant();
        ConsentReceipts.Facts facts = new ConsentReceipts.Facts(
                view.profile() == null ? "" : view.profile().name(), view.language(),
                disclosureHash(view), config.consentRequired(),
                Objects.requireNonNullElse(tokens.renderedAt(s.fields().get("token")), now), s.clientIp());
        try {
            outbox.accept(request, (sequence, prev) -> receipts.seal(request, facts, clock.instant(), sequence, prev));
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "callback request for {0} NOT accepted: {1}", request.phone().masked(),
                    e.getMessage());
            return new SubmissionOutcome.Unavailable();
        }
        LOG.log(System.Logger.Level.INFO, "callback request {0} accepted for {1}", request.id(), request.phone().masked());
        worker.wake();
        return new SubmissionOutcome.Accepted(request.id());
    }

    /** Marks the view of a stop form's token apart from a callback form's: neither is taken for the other. */
    private static final String STOP_VIEW = "stop";

    /**
     * A fresh token for the "stop calling me / delete my request" form shown in this view:
     * the same signed, dated token as the callback form's, which that form refuses (and
     * the other way round).
     */
    public String issueStopToken(FormView view) {
        String profile = view.profile() == null ? "" : view.profile().name();
        return tokens.issue(clock.instant(), STOP_VIEW + "\n" + profile + "\n" + view.language());
    }

    /** The view a stop form's token was rendered for when its signature holds; {@code null} otherwise. */
    public FormView stopViewOf(String token) {
        FormToken.Checked checked = tokens.check(token, clock.instant());
        if (checked.view() == null || !checked.view().startsWith(STOP_VIEW + "\n")) {
            return null;
        }
        return parseView(checked.view().substring(STOP_VIEW.length() + 1) + "\nstop");
    }

    /**
     * The visitor's "stop calling me / delete my request" form, for a client already
     * {@link #admit admitted}: checks the honeypot, the stop form's token and the number,
     * then records the revocation and deletes the number's requests not delivered yet
     * ({@link DataRights}). The outcome is {@link SubmissionOutcome.Accepted} (with the revocation's
     * id) whether or not the number had requests, and {@link SubmissionOutcome.Spam} answers the
     * same: the answer never tells whether someone asked this helpline for a call.
     */
    public SubmissionOutcome revokeAdmitted(java.util.Map<String, String> fields) {
        String honeypot = fields.get(HONEYPOT);
        if (honeypot != null && !honeypot.isEmpty()) {
            refusals.count("honeypot filled (stop form)");
            return new SubmissionOutcome.Spam();
        }
        String token = fields.get("token");
        FormToken.Checked checked = tokens.check(token, clock.instant());
        if (checked.verdict() != FormToken.Verdict.VALID || stopViewOf(token) == null) {
            refusals.count("stop form token " + (checked.verdict() == FormToken.Verdict.VALID ? "of another form"
                    : checked.verdict()));
            return new SubmissionOutcome.TokenRejected(checked.verdict() == FormToken.Verdict.VALID
                    ? FormToken.Verdict.FORGED : checked.verdict());
        }
        String raw = fields.getOrDefault("phone", "").strip();
        if (raw.isEmpty()) {
            return new SubmissionOutcome.Invalid(List.of(FieldError.PHONE_REQUIRED));
        }
        dev.helpline.core.phone.PhoneNumber phone = dev.helpline.core.phone.PhoneNumber.tryParse(raw);
        if (phone == null) {
            return new SubmissionOutcome.Invalid(List.of(FieldError.PHONE_INVALID));
        }
        try {
            return new SubmissionOutcome.Accepted(erase(phone, DataRights.Source.VISITOR).revocationId());
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "a revocation was NOT recorded: {0}", e.getMessage());
            return new SubmissionOutcome.Unavailable();
        }
    }

    /**
     * Deletes what the store holds about a number and records a revocation, with the
     * events for the operator queued in the same transaction and delivered next.
     *
     * @throws IllegalStateException if the store could not commit it (then nothing changed)
     */
    public DataRights.Result erase(dev.helpline.core.phone.PhoneNumber phone, DataRights.Source source) {
        DataRights.Result r = dataRights.erase(phone, source);
        worker.wake();
        return r;
    }

    /** Requests given up on (kept in the store), numbers masked. */
    public List<CallbackStore.Undeliverable> undeliverable() {
        return outbox.undeliverable();
    }

    /** The store (for reports and tests). */
    public CallbackStore outbox() {
        return outbox;
    }

    /** The delivery worker. */
    DeliveryWorker worker() {
        return worker;
    }

    /**
     * Deregisters the JDBC drivers that {@code webapp} loaded (the store's, from
     * {@code WEB-INF/lib}), so that a stopped web application leaves nothing in
     * {@code DriverManager}. Does nothing for the system and platform class loaders: their
     * drivers belong to the process.
     */
    public static void deregisterDrivers(ClassLoader webapp) {
        StoreDataSources.deregisterDrivers(webapp);
    }

    /** Stops delivery and closes the store. Accepted requests stay stored for the next start. */
    @Override
    public void close() {
        worker.close();
        outbox.close();
    }
}
