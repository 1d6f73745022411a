package dev.helpline.demo;

import dev.helpline.core.config.ConfigException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The demo's command line: {@code serve} runs the demo site, {@code inject} rewrites one
 * page from stdin to stdout.
 */
public final class DemoMain {
    static final String USAGE = """
            usage: java -jar helpline-demo.jar serve  [--port P] [--config FILE] [--docroot DIR]
                   java -jar helpline-demo.jar inject [--config FILE] [--path /url/path] [--explain]
                   java -jar helpline-demo.jar inject [--config FILE] --report DIR
                   java -jar helpline-demo.jar verify-receipt [--config FILE] < receipt.json
                   java -jar helpline-demo.jar verify-receipt [--config FILE] --chain FILE

              serve     runs the demo site on embedded Jetty (default port 8080): its own
                        articles, or the static files of DIR, always through the filter
              inject    reads an HTML page on stdin, writes it with the widget to stdout
              --explain prints instead what the rewriter did with the page: the head's
                        outcome, where and why it stopped following the body, the numbers
                        linked, left unlinked (and why) and audited (masked)
              --report  puts the helpline's number into the paragraphs and list items of
                        every page of DIR (*.html, *.html.gz) and prints, per page and in
                        total, how many were linked where a reference HTML5 parser says a
                        link belongs, wrong links, altered pages, the box, stop reasons
              verify-receipt  reads a consent receipt (or a webhook body carrying one
                        under data.receipt) on stdin and checks its signature and its
                        link to the previous receipt in the configured callback store;
                        exits 0 when valid, 1 when the signature or content does not match
              --chain   instead walks a whole exported chain (a JSON array, or one receipt
                        or webhook body a line): every signature and every link
              --config  a properties file layered over the bundled example configuration
            """;

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; answers the process exit status. {@code serve} blocks until stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Options options;
        try {
            options = Options.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "serve" -> {
                    DemoServer server = DemoServer.start(options.port(), options.config(), options.docroot());
                    out.println("Helpline demo running at " + server.uri()
                            + "  (Ctrl-C to stop)");
                    server.join();
                    return 0;
                }
                case "inject" -> {
                    if (options.port() != null || options.docroot() != null) {
                        err.println("error: inject takes only --config, --path, --explain and --report");
                        return 2;
                    }
                    if (options.report() != null) {
                        return Inject.report(options.config(), options.report(), out);
                    }
                    if (options.explain()) {
                        return Inject.explain(options.config(), options.path(), System.in, out);
                    }
                    return Inject.run(options.config(), options.path(), System.in, out, err);
                }
                case "verify-receipt" -> {
                    if (options.port() != null || options.docroot() != null || options.report() != null
                            || options.explain() || !options.path().equals("/")) {
                        err.println("error: verify-receipt takes only --config and --chain");
                        return 2;
                    }
                    return options.chain() != null ? VerifyReceipt.runChain(options.config(), options.chain(), out, err)
                            : VerifyReceipt.run(options.config(), System.in, out, err);
                }
                default -> {
                    err.println("error: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    return 2;
                }
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The parsed flags. */
    record Options(Integer port, java.nio.file.Path config, java.nio.file.Path docroot, String path, boolean explain,
                   java.nio.file.Path report, java.nio.file.Path chain) {
        static Options parse(List<String> args) {
            Integer port = null;
            java.nio.file.Path config = null;
            java.nio.file.Path docroot = null;
            String path = "/";
            boolean explain = false;
            java.nio.file.Path report = null;
            java.nio.file.Path chain = null;
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                if (flag.equals("--explain")) {
                    explain = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args.get(++i);
                switch (flag) {
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port must be a number, not '" + value + "'");
                        }
                        if (port < 0 || port > 65535) {
                            throw new IllegalArgumentException("--port must be between 0 and 65535");
                        }
                    }
                    case "--config" -> config = java.nio.file.Path.of(value);
                    case "--docroot" -> {
                        docroot = java.nio.file.Path.of(value);
                        if (!java.nio.file.Files.isDirectory(docroot)) {
                            throw new IllegalArgumentException("--docroot '" + value + "' is not a directory");
                        }
                    }
                    case "--path" -> {
                        if (!value.startsWith("/")) {
                            throw new IllegalArgumentException("--path must start with '/'");
                        }
                        path = value;
                    }
                    case "--report" -> {
                        report = java.nio.file.Path.of(value);
                        if (!java.nio.file.Files.isDirectory(report)) {
                            throw new IllegalArgumentException("--report '" + value + "' is not a directory");
                        }
                    }
                    case "--chain" -> {
                        chain = java.nio.file.Path.of(value);
                        if (!java.nio.file.Files.isRegularFile(chain)) {
                            throw new IllegalArgumentException("--chain '" + value + "' is not a file");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
                }
            }
            if (explain && report != null) {
                throw new IllegalArgumentException("--explain is for one page, --report for a folder: not both");
            }
            return new Options(port, config, docroot, path, explain, report, chain);
        }
    }
}
