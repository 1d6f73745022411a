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
            assertEquals(new CallbackOutbox.Backlog(1, T0), b.backlog());
        }
    }
}
