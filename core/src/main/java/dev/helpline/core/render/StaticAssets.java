package dev.helpline.core.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The widget's CSS and JS, read from the classpath once per class loader. They do not
 * depend on the configuration, so every {@link Widget} shares these instances.
 */
final class StaticAssets {
    static final Asset CSS = load("helpline.css", "text/css; charset=utf-8");
    static final Asset JS = load("helpline.js", "text/javascript; charset=utf-8");
    static final List<Asset> ALL = List.of(CSS, JS);

    private StaticAssets() {
    }

    /**
     * Names the file after its content: one SHA-384 gives both the name (so a changed file
     * is a new URL, which lets the filter serve it as immutable) and the SRI value.
     */
    static Asset load(String resource, String contentType) {
        byte[] bytes;
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource + " next to " + StaticAssets.class.getName());
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-384").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-384", e);
        }
        int dot = resource.lastIndexOf('.');
        String fileName = resource.substring(0, dot) + "-" + HexFormat.of().formatHex(digest, 0, 4) + resource.substring(dot);
        return new Asset(fileName, contentType, bytes, "sha384-" + Base64.getEncoder().encodeToString(digest));
    }
}
