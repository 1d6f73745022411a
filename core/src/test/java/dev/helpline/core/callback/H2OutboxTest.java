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

    @Override
    boolean sharesDatabase() {
        return false;
    }
}
