package dev.helpline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one realistic article page of a given size, for the end-to-end load test. */
public final class ArticleFile {
    private ArticleFile() {
    }

    /** {@code ArticleFile FILE [BYTES]}: writes {@link Pages#article} of that size (default 100 KB). */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ArticleFile FILE [BYTES]");
            System.exit(2);
        }
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100 * 1024;
        Files.write(Path.of(args[0]), article(size));
    }

    /** The article, UTF-8: every paragraph ends with a call to {@code (800) 555-0100}. */
    public static byte[] article(int size) {
        return Pages.article(size);
    }
}
