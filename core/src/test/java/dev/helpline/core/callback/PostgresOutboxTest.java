package dev.helpline.core.callback;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

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
}
