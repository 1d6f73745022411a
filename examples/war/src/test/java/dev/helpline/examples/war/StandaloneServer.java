package dev.helpline.examples.war;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A standalone Tomcat or Jetty, unpacked from the distribution archive Maven fetched, run
 * as operators run it: its own process, a base directory of its own, the WAR dropped into
 * {@code webapps/ROOT.war}, system properties on the command line, a free port.
 */
abstract class StandaloneServer implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("dist.dir", "target/dist"));
    static final Path WAR = Path.of(System.getProperty("war.file", "target/helpline-example.war"));

    protected final Path runDir;
    protected final int port;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private Path log;
    private Process process;

    StandaloneServer(Path runDir) throws IOException {
        this.runDir = runDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** A {@code -Dname=value} on the server's command line. */
    StandaloneServer systemProperty(String name, String value) {
        systemProperties.put(name, value);
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Unpacks the distribution once per build (with tar, which keeps the scripts executable). */
    static Path unpacked(String archiveName, String dirName) throws IOException, InterruptedException {
        Path archive = DIST.resolve(archiveName);
        if (!Files.isRegularFile(archive)) {
            String msg = "distribution " + archive.toAbsolutePath() + " is missing: run `mvn verify` (the build fetches it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            assumeTrue(false, msg);
        }
        Path home = DIST.resolve(dirName);
        synchronized (StandaloneServer.class) {
            if (!Files.isDirectory(home)) {
                Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", DIST.toString())
                        .redirectErrorStream(true).start();
                String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0 || !Files.isDirectory(home)) {
                    throw new IOException("could not unpack " + archive + ": " + out);
                }
            }
        }
        return home.toAbsolutePath();
    }

    /** Puts the WAR (or a variant of it) where the server deploys it from. */
    abstract Path webapps();

    abstract List<String> command(List<String> jvmArgs) throws IOException, InterruptedException;

    Map<String, String> environment(List<String> jvmArgs) {
        return Map.of();
    }

    /** Deploys {@code war} as the root application and starts; returns once {@code readyPath} answers 200. */
    StandaloneServer start(Path war, String readyPath) throws Exception {
        Files.createDirectories(webapps());
        Files.copy(war, webapps().resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        List<String> jvmArgs = new ArrayList<>();
        systemProperties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        log = runDir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(command(jvmArgs)).directory(runDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(environment(jvmArgs));
        process = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(getClass().getSimpleName() + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri(readyPath)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail(getClass().getSimpleName() + " did not serve " + readyPath + " within 120 s:\n" + log());
        return this;
    }

    /** Stops the server as a service manager does (SIGTERM), and answers everything it logged. */
    String stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(getClass().getSimpleName() + " did not stop within 60 s:\n" + log());
            }
        }
        return log();
    }

    String log() throws IOException {
        return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** Ends the process if a test left it running, and keeps its log in the test report's output. */
    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("--- " + getClass().getSimpleName() + " log ---\n" + log());
    }

    /**
     * A copy of {@code war} without the entries {@code drop} matches and with {@code add}
     * in {@code WEB-INF/lib}: the same site with another driver, or none.
     */
    static Path variant(Path war, Path target, Predicate<String> drop, Path... add) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path jar : add) {
            entries.put("WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
        }
        return variant(war, target, drop, entries);
    }

    /** A copy of {@code war} without the entries {@code drop} matches, with {@code add} (name to content) added. */
    static Path variant(Path war, Path target, Predicate<String> drop, Map<String, byte[]> add) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (drop.test(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : add.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return target;
    }

    /** The jar of the PostgreSQL driver that the build copied next to the distributions. */
    static Path postgresDriver() throws IOException {
        try (Stream<Path> files = Files.list(DIST)) {
            return files.filter(f -> f.getFileName().toString().matches("postgresql-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no PostgreSQL driver jar in " + DIST));
        }
    }

    /** Standalone Tomcat: CATALINA_HOME is the unpacked distribution, CATALINA_BASE this run's own. */
    static final class Tomcat extends StandaloneServer {
        private final Path home;
        private final Path base;

        Tomcat(String version, Path runDir) throws Exception {
            super(runDir);
            this.home = unpacked("tomcat-" + version + ".tar.gz", "apache-tomcat-" + version);
            this.base = runDir.resolve("tomcat");
            Files.createDirectories(base);
            for (String dir : List.of("logs", "temp", "work", "webapps")) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
                Files.createDirectories(base.resolve("conf"));
                for (Path f : conf.toList()) {
                    if (Files.isRegularFile(f)) {
                        Files.copy(f, base.resolve("conf").resolve(f.getFileName()));
                    }
                }
            }
            Path serverXml = base.resolve("conf/server.xml");
            String xml = Files.readString(serverXml);
            xml = xml.replace("port=\"8005\"", "port=\"-1\"").replace("port=\"8080\"", "port=\"" + port + "\"");
            Files.writeString(serverXml, xml);
        }

        @Override
        Path webapps() {
            return base.resolve("webapps");
        }

        /** At most {@code n} request threads on the HTTP connector (before {@link #start}). */
        Tomcat maxThreads(int n) throws IOException {
            Path serverXml = base.resolve("conf/server.xml");
            String xml = Files.readString(serverXml);
            String portAttribute = "port=\"" + port + "\"";
            if (!xml.contains(portAttribute)) {
                throw new IOException("no connector on " + portAttribute + " in " + serverXml);
            }
            Files.writeString(serverXml, xml.replace(portAttribute, portAttribute + " maxThreads=\"" + n + "\""));
            return this;
        }

        /** {@code $CATALINA_BASE/lib}: the container's own classpath (a driver for its DataSources). */
        Path lib() throws IOException {
            return Files.createDirectories(base.resolve("lib"));
        }

        @Override
        List<String> command(List<String> jvmArgs) {
            return List.of("sh", home.resolve("bin/catalina.sh").toString(), "run");
        }

        @Override
        Map<String, String> environment(List<String> jvmArgs) {
            return Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toAbsolutePath().toString(),
                    "CATALINA_OPTS", String.join(" ", jvmArgs), "CATALINA_OUT", base.resolve("logs/catalina.out").toString());
        }
    }

    /** Standalone Jetty 12: the unpacked jetty-home, and a jetty-base with the modules given. */
    static final class Jetty extends StandaloneServer {
        private final Path home;
        private final Path base;

        Jetty(String version, Path runDir, String modules) throws Exception {
            super(runDir);
            this.home = unpacked("jetty-home-" + version + ".tar.gz", "jetty-home-" + version);
            this.base = runDir.resolve("jetty");
            Files.createDirectories(base);
            Process p = new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(), "--add-modules=" + modules)
                    .directory(base.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jetty --add-modules=" + modules + " failed:\n" + out);
            }
        }

        /** {@code $JETTY_BASE/lib/ext}: the server's own classpath with the {@code ext} module (a driver for its DataSources). */
        Path extLib() throws IOException {
            return Files.createDirectories(base.resolve("lib/ext"));
        }

        private static String java() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        @Override
        Path webapps() {
            return base.resolve("webapps");
        }

        @Override
        List<String> command(List<String> jvmArgs) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(java());
            cmd.addAll(jvmArgs);
            // Jetty unpacks the WAR under java.io.tmpdir: keep it inside this run's directory.
            cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(base.resolve("temp")).toAbsolutePath());
            cmd.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.base=" + base.toAbsolutePath(),
                    "jetty.http.port=" + port, "jetty.http.host=127.0.0.1"));
            return cmd;
        }
    }
}
