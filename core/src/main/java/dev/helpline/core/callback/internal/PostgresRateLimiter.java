package dev.helpline.core.callback.internal;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets kept in the PostgreSQL store (Bucket4j's PostgreSQL proxy manager), so that
 * every instance sharing the store counts against the same bucket: a client alternating
 * between instances gets one allowance, not one per instance. A bucket's row expires once
 * the bucket would be full again and is removed at most once a minute. Keys are stored as
 * an HMAC under a secret of the store, never as the IP address or phone number itself.
 * When the database cannot be asked, the event is allowed (the store is down, so nothing
 * is accepted anyway) and a warning is logged. Not part of the API. Thread safe.
 */
public final class PostgresRateLimiter implements RateLimiter {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");
    static final String TABLE = "helpline_rate_limit";

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final BucketConfiguration configuration;
    private final SecretKeySpec keyHash;
    private final String prefix;
    private final AtomicLong lastCleanup = new AtomicLong(System.nanoTime());

    private PostgresRateLimiter(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets, byte[] keySecret,
                                String prefix, long limit, Duration period) {
        this.buckets = buckets;
        this.keyHash = new SecretKeySpec(keySecret, "HmacSHA256");
        this.prefix = prefix;
        this.configuration = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
                .build();
    }

    /**
     * A limiter in the PostgreSQL store behind {@code ds} (the outbox's own pool, the
     * application's or the container's DataSource): its table is created when missing.
     *
     * @param prefix    tells this limiter's keys apart from another's in the same table
     * @param keySecret hashes the keys (at least 32 bytes)
     * @throws IllegalStateException if the table cannot be created
     */
    public static PostgresRateLimiter open(DataSource ds, byte[] keySecret, String prefix, long limit, Duration period) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id VARCHAR(80) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the shared rate-limit table: " + e.getMessage(), e);
        }
        PostgreSQLSelectForUpdateBasedProxyManager<String> buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(ds)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE).idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new PostgresRateLimiter(buckets, keySecret, prefix, limit, period);
    }

    @Override
    public Duration tryAcquire(String key) {
        try {
            ConsumptionProbe probe = buckets.builder().build(prefix + hash(key), () -> configuration)
                    .tryConsumeAndReturnRemaining(1);
            removeExpiredNowAndThen();
            return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "shared rate limit unavailable, allowing the request: {0}", e.getMessage());
            return Duration.ZERO;
        }
    }

    private void removeExpiredNowAndThen() {
        long last = lastCleanup.get();
        if (System.nanoTime() - last > Duration.ofMinutes(1).toNanos() && lastCleanup.compareAndSet(last, System.nanoTime())) {
            buckets.removeExpired(1000);
        }
    }

    private String hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keyHash);
            byte[] h = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 24));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
