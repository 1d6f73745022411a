package dev.helpline.core.html;

import dev.helpline.core.phone.PhoneNumber;

import java.util.Set;

/**
 * What the rewriter writes into one page: the fragments it asks for as it meets the places
 * they go. One instance serves one response and is called on the thread writing it.
 *
 * <p>Deciding what a fragment says (profile, language, opening hours, form state) is the
 * caller's business; the rewriter only decides where fragments go.
 */
public interface PageWidget {

    /**
     * The fragment written where the body begins.
     *
     * @param htmlLang the page's {@code <html lang>} value as written, or {@code null}
     */
    String bodyStart(String htmlLang);

    /**
     * {@link #bodyStart} in parts, as the rewriter writes it: a renderer that keeps its markup
     * as a {@link Fragment.Template} hands over the literal parts it rendered once and this
     * response's values (nonce, form token), so that nothing is assembled or encoded again
     * per response. It must read the same as {@link #bodyStart}. Default: that string as one
     * part.
     *
     * @param htmlLang the page's {@code <html lang>} value as written, or {@code null}
     * @return the fragment, or {@code null} when {@link #bodyStart} is
     */
    default Fragment bodyStartFragment(String htmlLang) {
        String s = bodyStart(htmlLang);
        return s == null ? null : Fragment.of(s);
    }

    /**
     * The call-to-action box for a slot the host marked ({@code <div data-helpline-slot="cta">}
     * gets it as its child, {@code <!-- helpline:cta -->} is replaced by it); {@code null}
     * leaves slots alone. Asked once per page, when its body begins.
     *
     * <p>The rewriter places it only where no paragraph, heading or link of the host is open,
     * so a box of flow content ({@code <div>}, {@code <p>}, {@code <a>}, {@code <span>}) never
     * changes the host's tree; it must not open anything it does not close.
     */
    default String ctaBox(String htmlLang) {
        return null;
    }

    /** The numbers to link where they appear in text; empty turns inline linking off. */
    default Set<PhoneNumber> inlineNumbers() {
        return Set.of();
    }

    /**
     * Written right before the text of a matched number, e.g. {@code <a data-helpline="tel" href="tel:+1…">}.
     * With {@link #numberClose} it must be phrasing content that closes what it opens (a
     * link, then e.g. a {@code <span>} with the trigger): the rewriter only places it where
     * no link of the host is open.
     */
    default String numberOpen(PhoneNumber number, String htmlLang) {
        return "";
    }

    /** Written right after it: closes the link and adds the disclosure trigger. */
    default String numberClose(PhoneNumber number, String htmlLang) {
        return "";
    }

    /**
     * Told about each other NANP number found in text, for the audit of hard-coded numbers
     * that lack a disclosure. The argument is masked (all but the last two digits).
     */
    default void otherNumber(String maskedNumber) {
    }

    /**
     * Told each time the rewriter puts {@link #ctaBox} into the page (a slot, a marker, after
     * the N-th paragraph), for the "boxes placed" count of the filter's listener.
     */
    default void boxPlaced() {
    }

    /**
     * Told of each of {@link #inlineNumbers()} found in text where it is left unlinked, and
     * why ("in a link", "in a button", ...): for explaining a page. Default: nothing.
     */
    default void numberLeft(PhoneNumber number, String why) {
    }

    /**
     * The page's path, for what the rewriter reports about it ({@link RewriteListener}, debug
     * logs); {@code null} when not known.
     */
    default String pagePath() {
        return null;
    }

    /** A page that only gets the body-start fragment. */
    static PageWidget bodyStartOnly(String bodyStart) {
        return htmlLang -> bodyStart;
    }
}
