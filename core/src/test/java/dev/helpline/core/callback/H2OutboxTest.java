package dev.helpline.core.callback;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2OutboxTest extends OutboxContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    String newUrl() {
        return "jdbc:h2:file:" + dir.resolve("db" + (n++)).toAbsolutePath();
    }

    /** Issue J §10: H2 keeps old row versions in its file; the outbox compacts it when it closes. */
    @org.junit.jupiter.api.Test
    void purgeDelivered_numberGoneFromTheFileOnceClosed() throws Exception {
        String url = newUrl();
        java.nio.file.Path file = java.nio.file.Path.of(url.substring("jdbc:h2:file:".length()) + ".mv.db");
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "")) {
            for (int i = 0; i < 40; i++) {
                o.accept(request("212-736-18" + (10 + i), T0));
            }
            for (var p : o.claimDue(100, T0, LEASE)) {
                o.markDelivered(p, T0);
            }
            org.junit.jupiter.api.Assertions.assertEquals(40, o.purgeDelivered(T0.plusSeconds(1), T0.plusSeconds(1)));
            org.junit.jupiter.api.Assertions.assertTrue(PostgresOutboxTest.contains(file, "+12127361842"),
                    "still in the file while open (documented)");
        }
        org.junit.jupiter.api.Assertions.assertFalse(PostgresOutboxTest.contains(file, "+12127361842"));
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "")) {
            org.junit.jupiter.api.Assertions.assertEquals(new CallbackStore.Counts(0, 40, 0, 40), o.counts());
        }
    }

    @Override
    boolean sharesDatabase() {
        return false;
    }
}
