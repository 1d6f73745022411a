package dev.helpline.core.callback;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outbox contract on a real PostgreSQL server (skipped where none is installed, unless CI=true). */
@ExtendWith(PostgresServer.class)
class PostgresOutboxTest extends OutboxContract {
    private PostgresServer pg;

    @BeforeEach
    void server(PostgresServer pg) {
        this.pg = pg;
    }

    @Override
    String newUrl() throws Exception {
        return pg.newDatabase();
    }

    /**
     * Issue J §10: a purged number stayed readable in the table's pages (the UPDATE left the
     * old row versions behind). Now the purge vacuums the table: no row version on any page
     * holds the number any more. (Bytes of a removed version can linger in a page's free
     * space until new rows reuse it: the README says so.)
     */
    @org.junit.jupiter.api.Test
    void purgeDelivered_noRowVersionHoldsTheNumberAnyMore() throws Exception {
        String url = newUrl();
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "");
             java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pageinspect");
            CallbackRequest r = request("212-736-1866", T0);
            o.accept(r);
            o.markDelivered(o.claimDue(1, T0, LEASE).get(0), T0);
            org.junit.jupiter.api.Assertions.assertTrue(rowVersionsWith(s, "+12127361866") > 0);
            org.junit.jupiter.api.Assertions.assertEquals(1, o.purgeDelivered(T0.plusSeconds(1), T0.plusSeconds(1)));
            org.junit.jupiter.api.Assertions.assertEquals(0, rowVersionsWith(s, "+12127361866"),
                    "a dead row version still holds the purged number");
        }
    }

    /** Row versions, live or dead, on the table's pages whose data holds {@code text}. */
    private static int rowVersionsWith(java.sql.Statement s, String text) throws Exception {
        try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM generate_series(0,"
                + " pg_relation_size('helpline_callback') / current_setting('block_size')::int - 1) AS page,"
                + " heap_page_items(get_raw_page('helpline_callback', page::int)) AS item"
                + " WHERE position(convert_to('" + text + "', 'UTF8') in item.t_data) > 0")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static boolean contains(java.nio.file.Path file, String text) throws java.io.IOException {
        return new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(text);
    }

    @Override
    boolean sharesDatabase() {
        return true;
    }

    /** As a Spring Boot application's DataSource gives it: the outbox finds PostgreSQL's locking from the driver. */
    @Test
    void open_hostDataSource_onPostgres_migratesAndClaimsWithLocks() throws Exception {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(newUrl());
        CallbackRequest r = request("212-736-1842", T0);
        try (CallbackOutbox a = CallbackOutbox.open(ds); CallbackOutbox b = CallbackOutbox.open(ds)) {
            a.accept(r);
            assertEquals(1, a.claimDue(10, T0, LEASE).size());
            assertEquals(0, b.claimDue(10, T0, LEASE).size(), "leased by the other instance");
            assertEquals(new CallbackStore.Backlog(1, T0), b.backlog());
        }
    }
}
