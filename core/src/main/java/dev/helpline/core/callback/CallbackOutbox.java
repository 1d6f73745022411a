package dev.helpline.core.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helpline.core.callback.internal.StoreDataSources;
import dev.helpline.core.phone.PhoneNumber;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The JDBC {@link CallbackStore}: the durable outbox of callback requests on embedded H2 (the
 * default) or PostgreSQL. It keeps the store's contract (see {@link CallbackStore}) with SQL:
 * a request is committed by {@link #accept} before the person is told it was received, and
 * stays until it is delivered (then purged of the number after the retention) or reported
 * undeliverable.
 *
 * <pre>{@code
 * try (CallbackStore store = CallbackOutbox.open("jdbc:h2:file:./helpline-data/callbacks", "", "")) {
 *     store.accept(request);                                  // committed when it returns
 *     for (var p : store.claimDue(10, now, Duration.ofMinutes(2))) { … store.markDelivered(p, now); }
 * }
 * }</pre>
 *
 * <p>The schema is created and migrated on {@link #open}. Several instances may share one
 * PostgreSQL database: {@link #claimDue} locks rows with {@code FOR UPDATE SKIP LOCKED} and
 * leases them by writing the lease's end into {@code next_attempt_at}, which the
 * {@code mark…} updates then match as their fencing token. Thread safe.
 */
public final class CallbackOutbox implements CallbackStore {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String UNDELIVERABLE = "UNDELIVERABLE";
    /** The kind of a callback request's row (its webhook event type); other rows are events. */
    static final String REQUEST = "callback.requested";

    /** Schema versions in order; each entry moves the schema one version up. Never edit a released one. */
    private static final List<String[]> MIGRATIONS = List.<String[]>of(
            new String[]{
                    "CREATE TABLE helpline_callback ("
                            + " id VARCHAR(64) PRIMARY KEY,"
                            + " received_at BIGINT NOT NULL,"
                            + " phone_e164 VARCHAR(16),"
                            + " payload VARCHAR(20000),"
                            + " consent_given BOOLEAN NOT NULL,"
                            + " consent_at BIGINT NOT NULL,"
                            + " consent_text VARCHAR(4000) NOT NULL,"
                            + " consent_hash VARCHAR(64) NOT NULL,"
                            + " disclosure_hash VARCHAR(64) NOT NULL,"
                            + " page_url VARCHAR(2048),"
                            + " user_agent VARCHAR(512),"
                            + " status VARCHAR(16) NOT NULL,"
                            + " attempts INT DEFAULT 0 NOT NULL,"
                            + " next_attempt_at BIGINT NOT NULL,"
                            + " delivered_at BIGINT,"
                            + " purged_at BIGINT,"
                            + " last_error VARCHAR(500))",
                    "CREATE INDEX helpline_callback_due ON helpline_callback (status, next_attempt_at)",
                    "CREATE TABLE helpline_secret (name VARCHAR(64) PRIMARY KEY, secret VARCHAR(200) NOT NULL)"
            },
            new String[]{
                    // Consent receipts hold no number and outlive the request rows' purge.
                    "CREATE TABLE helpline_receipt ("
                            + " sequence BIGINT PRIMARY KEY,"
                            + " request_id VARCHAR(64) NOT NULL,"
                            + " accepted_at BIGINT NOT NULL,"
                            + " chain_sha256 VARCHAR(64) NOT NULL,"
                            + " receipt VARCHAR(16000) NOT NULL)",
                    // One row: the chain's head, locked by each accept so instances sharing a store extend one chain.
                    "CREATE TABLE helpline_receipt_head (id INT PRIMARY KEY, sequence BIGINT NOT NULL,"
                            + " chain_sha256 VARCHAR(64) NOT NULL)",
                    "INSERT INTO helpline_receipt_head (id, sequence, chain_sha256) VALUES (1, 0, '"
                            + ConsentReceipts.GENESIS + "')"
            },
            new String[]{
                    // Deletions and revocations travel through the same outbox as requests:
                    // a row's kind is its webhook event type; events carry no consent record.
                    "ALTER TABLE helpline_callback ADD COLUMN kind VARCHAR(32) DEFAULT '" + REQUEST + "' NOT NULL",
                    "ALTER TABLE helpline_callback ALTER COLUMN consent_given DROP NOT NULL",
                    "ALTER TABLE helpline_callback ALTER COLUMN consent_at DROP NOT NULL",
                    "ALTER TABLE helpline_callback ALTER COLUMN consent_text DROP NOT NULL",
                    "ALTER TABLE helpline_callback ALTER COLUMN consent_hash DROP NOT NULL",
                    "ALTER TABLE helpline_callback ALTER COLUMN disclosure_hash DROP NOT NULL",
                    "CREATE INDEX helpline_callback_phone ON helpline_callback (phone_e164)",
                    // The proof that a revocation was received and when: a keyed hash of the
                    // number, never the number, kept as long as the consent receipts.
                    "CREATE TABLE helpline_revocation ("
                            + " id VARCHAR(64) PRIMARY KEY,"
                            + " received_at BIGINT NOT NULL,"
                            + " source VARCHAR(16) NOT NULL,"
                            + " phone_hmac_sha256 VARCHAR(64) NOT NULL,"
                            + " honour_by VARCHAR(10) NOT NULL,"
                            + " requests_deleted INT NOT NULL)"
            });

    private final DataSource dataSource;
    /** What {@link #close()} ends: the pool this outbox opened itself; nothing for a caller's DataSource. */
    private final AutoCloseable owned;
    private final boolean postgres;
    /** An H2 file this outbox opened itself: compacted at close, so that purged numbers leave the file. */
    private volatile boolean compactAtClose;

    private CallbackOutbox(DataSource dataSource, AutoCloseable owned, boolean postgres) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.postgres = postgres;
    }

    /**
     * Connects through a pool of its own, and creates or migrates the schema. The driver is
     * loaded through the thread's context class loader.
     *
     * @param url {@code jdbc:h2:…} or {@code jdbc:postgresql:…}
     * @throws IllegalArgumentException for another kind of URL
     * @throws MissingDriverException when the URL's JDBC driver is not on the classpath
     * @throws IllegalStateException    if the database cannot be reached or migrated
     */
    public static CallbackOutbox open(String url, String user, String password) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return open(url, user, password, cl != null ? cl : CallbackOutbox.class.getClassLoader());
    }

    /** As {@link #open(String, String, String)}, loading the driver through {@code driverLoader} (the web application's). */
    public static CallbackOutbox open(String url, String user, String password, ClassLoader driverLoader) {
        boolean pg = url.startsWith("jdbc:postgresql:");
        if (!pg && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("only jdbc:h2: and jdbc:postgresql: URLs are supported");
        }
        String effective = pg ? url : h2Url(url);
        String forLogs = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        var pool = StoreDataSources.pool(effective, user, password, driverLoader, 8);
        CallbackOutbox outbox = new CallbackOutbox(pool, pool, pg);
        outbox.compactAtClose = url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:/");
        return migrated(outbox, forLogs);
    }

    /**
     * Uses a DataSource the host already has (a Spring Boot application's pool, a
     * container's JNDI resource) and creates or migrates the schema in it. {@link #close()}
     * leaves the DataSource open: it is the host's.
     *
     * @throws IllegalArgumentException if the database is neither H2 nor PostgreSQL (the
     *                                  outbox's locking SQL is written for those two)
     * @throws IllegalStateException    if the database cannot be reached or migrated
     */
    public static CallbackOutbox open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the callback store through the given DataSource: "
                    + e.getMessage(), e);
        }
        boolean pg = "PostgreSQL".equalsIgnoreCase(product);
        if (!pg && !"H2".equalsIgnoreCase(product)) {
            throw new IllegalArgumentException("the given DataSource is " + product
                    + "; the callback store supports H2 and PostgreSQL (set helpline.callback.store.url to one)");
        }
        return migrated(new CallbackOutbox(dataSource, null, pg), "the given " + product + " DataSource");
    }

    private static CallbackOutbox migrated(CallbackOutbox outbox, String where) {
        try {
            outbox.migrate();
        } catch (SQLException e) {
            outbox.close();
            throw new IllegalStateException("cannot prepare the callback store at " + where + ": " + e.getMessage(), e);
        }
        return outbox;
    }

    /**
     * H2 writes its log lazily by default (500 ms): a killed JVM could lose commits. And it
     * closes a database from a JVM shutdown hook of its own, which races the container's
     * undeploy (Tomcat reports the hook's thread as a leak): {@link #close()} closes it.
     */
    static String h2Url(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        String out = upper.contains(";WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0";
        return upper.contains(";DB_CLOSE_ON_EXIT=") ? out : out + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private void migrate() throws SQLException {
        synchronized (CallbackOutbox.class) { // one H2 file per JVM; PostgreSQL uses an advisory lock below
            inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    if (postgres) {
                        s.execute("SELECT pg_advisory_xact_lock(7125531)");
                    }
                    s.execute("CREATE TABLE IF NOT EXISTS helpline_schema_version (version INT NOT NULL)");
                    int version;
                    try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM helpline_schema_version")) {
                        rs.next();
                        version = rs.getInt(1);
                    }
                    for (int v = version; v < MIGRATIONS.size(); v++) {
                        for (String sql : MIGRATIONS.get(v)) {
                            s.execute(sql);
                        }
                        s.execute("INSERT INTO helpline_schema_version (version) VALUES (" + (v + 1) + ")");
                        LOG.log(System.Logger.Level.INFO, "callback store migrated to schema version {0}", v + 1);
                    }
                }
                return null;
            });
        }
    }

    /**
     * Stores a request durably with its consent receipt, sealed by {@code seal} in the same
     * transaction while the chain's head is locked: receipts of every instance on the store
     * form one chain, and a request is never committed without its receipt.
     *
     * @param seal builds the signed receipt from its sequence and the previous receipt's
     *             chain hash; {@code null}: no receipt
     * @return the receipt stored, or {@code null} without {@code seal}
     * @throws IllegalStateException if it could not be committed (then nothing was stored)
     */
    @Override
    public ObjectNode accept(CallbackRequest r, Sealer seal) {
        try {
            return inTransaction(c -> {
                ObjectNode receipt = null;
                if (seal != null) {
                    long sequence;
                    String prev;
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT sequence, chain_sha256 FROM helpline_receipt_head WHERE id = 1 FOR UPDATE");
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sequence = rs.getLong(1) + 1;
                        prev = rs.getString(2);
                    }
                    receipt = seal.seal(sequence, prev);
                    String hash = ConsentReceipts.chainHash(receipt);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO helpline_receipt (sequence, request_id,"
                            + " accepted_at, chain_sha256, receipt) VALUES (?,?,?,?,?)")) {
                        ps.setLong(1, sequence);
                        ps.setString(2, r.id());
                        ps.setLong(3, r.receivedAt().toEpochMilli());
                        ps.setString(4, hash);
                        ps.setString(5, new String(ConsentReceipts.canonical(receipt), java.nio.charset.StandardCharsets.UTF_8));
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE helpline_receipt_head SET sequence = ?, chain_sha256 = ? WHERE id = 1")) {
                        ps.setLong(1, sequence);
                        ps.setString(2, hash);
                        ps.executeUpdate();
                    }
                }
                String payload = payload(r, receipt);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO helpline_callback (id, received_at, phone_e164,"
                        + " payload, consent_given, consent_at, consent_text, consent_hash, disclosure_hash, page_url,"
                        + " user_agent, status, attempts, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0,?)")) {
                    ps.setString(1, r.id());
                    ps.setLong(2, r.receivedAt().toEpochMilli());
                    ps.setString(3, r.phone().e164());
                    ps.setString(4, payload);
                    ps.setBoolean(5, r.consent().given());
                    ps.setLong(6, r.consent().at().toEpochMilli());
                    ps.setString(7, r.consent().text());
                    ps.setString(8, r.consent().textHash());
                    ps.setString(9, r.consent().disclosureHash());
                    ps.setString(10, r.pageUrl());
                    ps.setString(11, r.userAgent());
                    ps.setString(12, PENDING);
                    ps.setLong(13, r.receivedAt().toEpochMilli());
                    ps.executeUpdate();
                }
                return receipt;
            });
        } catch (SQLException e) {
            // No cause and no driver message: H2 and PostgreSQL quote column values in theirs.
            throw new IllegalStateException("could not store callback request " + r.id() + " (SQLState "
                    + e.getSQLState() + ", error " + e.getErrorCode() + ")");
        }
    }

    /** The JSON body delivered for a request: {@code {"type":"callback.requested","timestamp":…,"data":{…}}}. */
    static String payload(CallbackRequest r) {
        return payload(r, null);
    }

    /** The receipts stored from {@code fromSequence} on, oldest first, as canonical JSON (at most {@code limit}). */
    @Override
    public List<String> receipts(long fromSequence, int limit) {
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT receipt FROM helpline_receipt"
                        + " WHERE sequence >= ? ORDER BY sequence")) {
                    ps.setLong(1, fromSequence);
                    ps.setMaxRows(limit);
                    List<String> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not read consent receipts: " + e.getMessage(), e);
        }
    }

    /** The receipt stored at a place in the chain (canonical JSON), or {@code null} when there is none (any more). */
    @Override
    public String receipt(long sequence) {
        List<String> found = receipts(sequence, 1);
        return found.isEmpty() || sequence < 1 ? null : receiptAt(found.get(0), sequence);
    }

    private static String receiptAt(String json, long sequence) {
        try {
            return JSON.readTree(json).path("sequence").asLong() == sequence ? json : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** A stored secret, or {@code null} when none was ever stored under that name (never creates one). */
    @Override
    public String storedSecret(String name) {
        try {
            return readSecret(name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the secret " + name + ": " + e.getMessage(), e);
        }
    }

    /** The JSON body delivered for a request, with its consent receipt under {@code data.receipt} when not null. */
    static String payload(CallbackRequest r, ObjectNode receipt) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "callback.requested");
        root.put("timestamp", r.receivedAt().toString());
        ObjectNode data = root.putObject("data");
        data.put("id", r.id());
        data.put("phone", r.phone().e164());
        data.put("phoneDisplay", r.phone().display());
        data.put("receivedAt", r.receivedAt().toString());
        data.put("pageUrl", r.pageUrl());
        data.put("userAgent", r.userAgent());
        ObjectNode consent = data.putObject("consent");
        consent.put("given", r.consent().given());
        consent.put("at", r.consent().at().toString());
        consent.put("text", r.consent().text());
        consent.put("textSha256", r.consent().textHash());
        consent.put("disclosureSha256", r.consent().disclosureHash());
        if (receipt != null) {
            data.set("receipt", receipt);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Claims up to {@code max} requests due at {@code now}, leasing them for {@code lease}:
     * until then no other caller (in this or another instance) gets them. A lease that runs
     * out (the instance died mid-delivery) makes the request due again: delivery is at least once.
     */
    @Override
    public List<Pending> claimDue(int max, Instant now, Duration lease) {
        try {
            return inTransaction(c -> {
                List<Pending> out = new ArrayList<>();
                String sql = "SELECT id, payload, attempts, received_at FROM helpline_callback"
                        + " WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at"
                        + " FETCH FIRST " + max + " ROWS ONLY FOR UPDATE SKIP LOCKED";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, PENDING);
                    ps.setLong(2, now.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Pending(rs.getString(1), rs.getString(2), rs.getInt(3),
                                    Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(now.plus(lease).toEpochMilli())));
                        }
                    }
                }
                if (!out.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE helpline_callback SET next_attempt_at = ? WHERE id = ?")) {
                        for (Pending p : out) {
                            ps.setLong(1, now.plus(lease).toEpochMilli());
                            ps.setString(2, p.id());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim callback requests: " + e.getMessage(), e);
        }
    }

    /*
     * The outcome of a delivery is recorded only while its claim's lease is the one in the
     * row (next_attempt_at = leaseUntil): once another claim took the request over, this one
     * changes nothing, and the false answer says so.
     */

    /** Records a successful delivery; {@code false} when the lease was lost (nothing recorded). */
    @Override
    public boolean markDelivered(Pending p, Instant at) {
        return update("UPDATE helpline_callback SET status = ?, delivered_at = ?, attempts = attempts + 1, last_error = NULL"
                + " WHERE id = ? AND status = ? AND next_attempt_at = ?", DELIVERED, at.toEpochMilli(), p.id(), PENDING,
                p.leaseUntil().toEpochMilli()) == 1;
    }

    /** Records a failed attempt, due again at {@code nextAttemptAt}; {@code false} when the lease was lost. */
    @Override
    public boolean markFailed(Pending p, Instant nextAttemptAt, String error) {
        return update("UPDATE helpline_callback SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                + " WHERE id = ? AND status = ? AND next_attempt_at = ?", nextAttemptAt.toEpochMilli(), cut(error), p.id(),
                PENDING, p.leaseUntil().toEpochMilli()) == 1;
    }

    /**
     * Gives up on a request: it is kept (with its number) and listed by {@link #undeliverable()};
     * {@code false} when the lease was lost.
     */
    @Override
    public boolean markUndeliverable(Pending p, String error) {
        return update("UPDATE helpline_callback SET status = ?, attempts = attempts + 1, last_error = ?"
                + " WHERE id = ? AND status = ? AND next_attempt_at = ?", UNDELIVERABLE, cut(error), p.id(), PENDING,
                p.leaseUntil().toEpochMilli()) == 1;
    }

    /**
     * Deletes the consent receipts accepted before {@code acceptedBefore} (past their
     * retention); answers how many. The chain's head stays, so later receipts still link on.
     */
    @Override
    public int purgeReceipts(Instant acceptedBefore) {
        return update("DELETE FROM helpline_receipt WHERE accepted_at < ?", acceptedBefore.toEpochMilli());
    }

    /**
     * Removes the number, payload, page and user agent of requests delivered before
     * {@code deliveredBefore}; answers how many. (Their consent receipts stay: see {@link #purgeReceipts}.)
     */
    @Override
    public int purgeDelivered(Instant deliveredBefore, Instant now) {
        int purged = update("UPDATE helpline_callback SET phone_e164 = NULL, payload = NULL, page_url = NULL,"
                + " user_agent = NULL, purged_at = ? WHERE status = ? AND delivered_at < ? AND purged_at IS NULL",
                now.toEpochMilli(), DELIVERED, deliveredBefore.toEpochMilli());
        if (purged > 0 && postgres) {
            vacuum();
        }
        return purged;
    }

    /**
     * An UPDATE leaves the old row version, number included, in the table's pages until
     * VACUUM removes it; the next checkpoint then writes the pages without it. VACUUM cannot
     * run in a transaction, so this one connection commits and runs it on its own.
     */
    private void vacuum() {
        try {
            inTransaction(c -> {
                c.commit();
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM helpline_callback");
                } finally {
                    c.setAutoCommit(false);
                }
                return null;
            });
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "could not vacuum the callback table after a purge: {0}", e.getMessage());
        }
    }

    /** Every request given up on, oldest first. */
    @Override
    public List<Undeliverable> undeliverable() {
        try {
            return inTransaction(c -> {
                List<Undeliverable> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, phone_e164, received_at, attempts, last_error"
                        + " FROM helpline_callback WHERE status = ? ORDER BY received_at")) {
                    ps.setString(1, UNDELIVERABLE);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Undeliverable(rs.getString(1), masked(rs.getString(2)),
                                    Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4), rs.getString(5)));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not list undeliverable requests: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the callback requests of one number and queues the events that tell the
     * operator, in one transaction: the request rows go first (a pending one is then never
     * delivered), then the events and the revocation record are stored. Either all of it is
     * committed or nothing is.
     *
     * @param e164        the number as stored (E.164)
     * @param pendingOnly {@code true}: only requests not delivered yet (the visitor's path);
     *                    {@code false}: every request row of the number, delivered or not
     *                    (rows already purged hold no number any more and are not found)
     * @param events      builds the events from what was deleted; stored as due now
     * @param revocation  stored beside them
     * @throws IllegalStateException if it could not be committed (then nothing changed)
     */
    @Override
    public Erased erase(String e164, boolean pendingOnly, java.util.function.Function<Erased, List<Event>> events,
                        RevocationRecord revocation, Instant now) {
        Objects.requireNonNull(e164, "e164");
        Erased erased;
        try {
            erased = inTransaction(c -> {
                List<String> ids = new ArrayList<>();
                int pending = 0;
                int inFlight = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT id, status, next_attempt_at FROM helpline_callback"
                        + " WHERE phone_e164 = ? AND kind = ?" + (pendingOnly ? " AND status = ?" : "")
                        + " ORDER BY received_at FOR UPDATE")) {
                    ps.setString(1, e164);
                    ps.setString(2, REQUEST);
                    if (pendingOnly) {
                        ps.setString(3, PENDING);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                            boolean waiting = PENDING.equals(rs.getString(2));
                            pending += waiting ? 1 : 0;
                            inFlight += waiting && rs.getLong(3) > now.toEpochMilli() ? 1 : 0;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM helpline_callback WHERE id = ?")) {
                    for (String id : ids) {
                        ps.setString(1, id);
                        ps.addBatch();
                    }
                    if (!ids.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                Erased done = new Erased(ids, pending, inFlight);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO helpline_callback (id, kind, received_at,"
                        + " phone_e164, payload, status, attempts, next_attempt_at) VALUES (?,?,?,?,?,?,0,?)")) {
                    for (Event e : events.apply(done)) {
                        ps.setString(1, e.id());
                        ps.setString(2, e.type());
                        ps.setLong(3, now.toEpochMilli());
                        ps.setString(4, e164);
                        ps.setString(5, e.payload());
                        ps.setString(6, PENDING);
                        ps.setLong(7, now.toEpochMilli());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                if (revocation != null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO helpline_revocation (id, received_at,"
                            + " source, phone_hmac_sha256, honour_by, requests_deleted) VALUES (?,?,?,?,?,?)")) {
                        ps.setString(1, revocation.id());
                        ps.setLong(2, revocation.receivedAt().toEpochMilli());
                        ps.setString(3, revocation.source());
                        ps.setString(4, revocation.phoneHmacSha256());
                        ps.setString(5, revocation.honourBy().toString());
                        ps.setInt(6, ids.size());
                        ps.executeUpdate();
                    }
                }
                return done;
            });
        } catch (SQLException e) {
            // No driver message: it may quote the number.
            throw new IllegalStateException("could not erase the requests of a number (SQLState " + e.getSQLState()
                    + ", error " + e.getErrorCode() + ")");
        }
        if (!erased.requestIds().isEmpty() && postgres) {
            vacuum(); // the deleted rows' old versions still hold the number until VACUUM
        }
        return erased;
    }

    /** The revocations recorded, oldest first: {@code id}, {@code receivedAt}, {@code source}, {@code honourBy}. */
    @Override
    public List<RevocationRecord> revocations() {
        try {
            return inTransaction(c -> {
                List<RevocationRecord> out = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, received_at, source,"
                        + " phone_hmac_sha256, honour_by FROM helpline_revocation ORDER BY received_at, id")) {
                    while (rs.next()) {
                        out.add(new RevocationRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3), rs.getString(4), java.time.LocalDate.parse(rs.getString(5))));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not list revocations: " + e.getMessage(), e);
        }
    }

    /** Deletes revocation records received before {@code receivedBefore} (kept as long as consent receipts). */
    @Override
    public int purgeRevocations(Instant receivedBefore) {
        return update("DELETE FROM helpline_revocation WHERE received_at < ?", receivedBefore.toEpochMilli());
    }

    /** How many rows of the store still hold this number (requests and events not purged yet). */
    @Override
    public int rowsHolding(String e164) {
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM helpline_callback WHERE phone_e164 = ? OR payload LIKE ?")) {
                    ps.setString(1, e164);
                    ps.setString(2, "%" + e164 + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not count rows: " + e.getMessage(), e);
        }
    }

    @Override
    public Counts counts() {
        try {
            return inTransaction(c -> {
                long pending = 0, delivered = 0, undeliverable = 0, purged = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT status, COUNT(*), COUNT(purged_at) FROM helpline_callback WHERE kind = '" + REQUEST
                                + "' GROUP BY status")) {
                    while (rs.next()) {
                        switch (rs.getString(1)) {
                            case PENDING -> pending = rs.getLong(2);
                            case DELIVERED -> {
                                delivered = rs.getLong(2);
                                purged = rs.getLong(3);
                            }
                            case UNDELIVERABLE -> undeliverable = rs.getLong(2);
                            default -> { }
                        }
                    }
                }
                return new Counts(pending, delivered, undeliverable, purged);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not count callback requests: " + e.getMessage(), e);
        }
    }

    /**
     * A named secret kept in the store: the stored one, or {@code generator}'s value stored
     * now. Instances sharing the database share the secret.
     */
    @Override
    public String secret(String name, Supplier<String> generator) {
        try {
            String existing = readSecret(name);
            if (existing != null) {
                return existing;
            }
            String fresh = generator.get();
            try {
                inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO helpline_secret (name, secret) VALUES (?, ?)")) {
                        ps.setString(1, name);
                        ps.setString(2, fresh);
                        ps.executeUpdate();
                    }
                    return null;
                });
            } catch (SQLException raced) {
                // another instance stored it first: use theirs
            }
            return Objects.requireNonNull(readSecret(name), "secret " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the secret " + name + ": " + e.getMessage(), e);
        }
    }

    private String readSecret(String name) throws SQLException {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM helpline_secret WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static String masked(String e164) {
        PhoneNumber p = PhoneNumber.tryParse(e164);
        return p != null ? p.masked() : PhoneNumber.mask(e164);
    }

    private static String cut(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 500 ? error : error.substring(0, 500);
    }

    private int update(String sql, Object... args) {
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < args.length; i++) {
                        ps.setObject(i + 1, args[i]);
                    }
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("callback store update failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the pool drops a broken connection
                }
                throw e;
            } finally {
                if (autoCommit) {
                    try {
                        c.setAutoCommit(true); // a container's pool gets its connection back as it gave it
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    /** The requests not delivered yet ({@code PENDING}), counted in one query. */
    @Override
    public Backlog backlog() {
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*), MIN(received_at) FROM helpline_callback WHERE status = ?")) {
                    ps.setString(1, PENDING);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long oldest = rs.getLong(2);
                        Instant oldestAt = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
                        return new Backlog(rs.getLong(1), oldestAt);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not measure the callback backlog: " + e.getMessage(), e);
        }
    }

    /** Whether the store is PostgreSQL (else H2): shared rate limits live there too. */
    boolean isPostgres() {
        return postgres;
    }

    /** Where the store's connections come from, for what shares the store (the rate limits). */
    DataSource dataSource() {
        return dataSource;
    }

    /** Closes the outbox's own connections; a DataSource given by the host stays open. */
    @Override
    public void close() {
        if (compactAtClose) {
            // H2 keeps old row versions, purged numbers included, in its file until it is
            // compacted; only a compacting shutdown rewrites it without them.
            try {
                inTransaction(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN COMPACT");
                    }
                    return null;
                });
            } catch (SQLException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "callback store closed without compaction: {0}", e.getMessage());
            }
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the callback store: " + e);
            }
        }
    }
}
