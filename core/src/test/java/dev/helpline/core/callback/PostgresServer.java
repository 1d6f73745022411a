package dev.helpline.core.callback;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary directory,
 * started on 127.0.0.1 at a random port with fsync off, stopped and deleted when the test
 * run ends (one server per JVM). Inject it as a parameter; {@link #newDatabase()} gives each
 * test its own database.
 *
 * <p>Without PostgreSQL's binaries ({@code /usr/lib/postgresql/<v>/bin/initdb}) the tests are
 * skipped, except under {@code CI=true}, where that fails. As root, the server runs as the
 * {@code postgres} user ({@code initdb} refuses root).
 */
public final class PostgresServer implements BeforeAllCallback, ParameterResolver,
        ExtensionContext.Store.CloseableResource {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer instance;

    private Path binDir;
    private Path dataDir;
    private int port;
    private boolean asPostgresUser;

    public PostgresServer() {
    }

    /** Whether the PostgreSQL binaries exist on this machine. */
    public static Path findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server(context);
    }

    private static synchronized PostgresServer server(ExtensionContext context) throws Exception {
        if (instance == null) {
            Path bin = findBinDir();
            if (bin == null) {
                String msg = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); apt-get install postgresql";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(msg);
                }
                assumeTrue(false, msg);
            }
            PostgresServer s = new PostgresServer();
            s.start(bin);
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(PostgresServer.class, s);
            instance = s;
        }
        return instance;
    }

    private void start(Path bin) throws Exception {
        this.binDir = bin;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.dataDir = Files.createTempDirectory("helpline-pg-");
        if (asPostgresUser) {
            run(List.of("chown", "postgres:postgres", dataDir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust", "--no-sync",
                "-U", "postgres", "-E", "UTF8"), true);
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            port = 55432 + ThreadLocalRandom.current().nextInt(2000);
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                        dataDir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                        "-c listen_addresses=127.0.0.1 -p " + port + " -c fsync=off -c unix_socket_directories="
                                + dataDir + " -c max_connections=200", "start"), true);
                return;
            } catch (IllegalStateException e) {
                last = e; // port taken: try another
            }
        }
        throw last;
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + out);
        }
    }

    /** JDBC URL of the server's {@code postgres} database. */
    public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Creates an empty database and answers its JDBC URL (user {@code postgres}, no password). */
    public String newDatabase() throws SQLException {
        String name = "helpline_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        try {
            return server(ec);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), true);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            synchronized (PostgresServer.class) {
                instance = null;
            }
        }
    }
}
