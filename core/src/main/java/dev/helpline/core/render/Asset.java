package dev.helpline.core.render;

/**
 * One static file of the widget (its CSS or JS), served by the filter under
 * {@code helpline.assets.path}. The file name carries a content hash, so it may be cached
 * forever; {@link #integrity()} is its Subresource Integrity value.
 *
 * @param fileName    name under the assets path, e.g. {@code helpline-3f2a9c1d.css}
 * @param contentType the {@code Content-Type} to serve it with
 * @param bytes       the content (do not modify)
 * @param integrity   {@code sha384-…}
 */
public record Asset(String fileName, String contentType, byte[] bytes, String integrity) {
}
