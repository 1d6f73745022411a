package dev.helpline.core.callback;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox on a DataSource the host owns (a Spring Boot application's, a container's). */
class DataSourceOutboxTest {
    @TempDir
    Path dir;

    private JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath());
        return ds;
    }

    @Test
    void open_hostDataSource_createsTablesThereAndKeepsItUsable() throws Exception {
        JdbcDataSource ds = h2("site");
        CallbackRequest r = OutboxContract.request("212-736-1842", OutboxContract.T0);
        try (CallbackOutbox o = CallbackOutbox.open(ds)) {
            o.accept(r);
            assertEquals(List.of(r.id()), o.claimDue(10, OutboxContract.T0, Duration.ofMinutes(2)).stream()
                    .map(CallbackStore.Pending::id).toList());
        }
        // closing the outbox leaves the host's DataSource alone, and the tables are in it
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM helpline_callback")) {
            assertTrue(c.getAutoCommit(), "connections go back with auto-commit on");
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        try (CallbackOutbox again = CallbackOutbox.open(ds)) {
            assertEquals(1, again.backlog().pending(), "a second open migrates nothing and sees the request");
        }
    }

    @Test
    void open_unreachableDataSource_namesTheProblem() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("missing/db").toAbsolutePath() + ";IFEXISTS=TRUE");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CallbackOutbox.open(ds));
        assertTrue(e.getMessage().contains("DataSource"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
