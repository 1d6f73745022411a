package dev.helpline.core.html.internal;

import org.jsoup.parser.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tag lists the rewriter's readers decide by agree with those of another implementation
 * of the HTML5 tree builder, jsoup's (its tree builder's name lists, read by reflection; a
 * jsoup upgrade that renames them fails here, loudly). Names the rewriter does not know are
 * read as "", so a list name missing from {@link Names} would be a silent hole.
 */
class TagListsTest {

    private static Set<String> jsoupList(String name) throws ReflectiveOperationException {
        Class<?> constants = Class.forName("org.jsoup.parser.HtmlTreeBuilderState$Constants");
        Field f = constants.getDeclaredField(name);
        f.setAccessible(true);
        return new TreeSet<>(List.of((String[]) f.get(null)));
    }

    private static Set<String> known() {
        return new TreeSet<>(Names.known());
    }

    @Test
    void knownNames_areLowerCaseAndDistinct() {
        for (String n : Names.known()) {
            assertEquals(n.toLowerCase(java.util.Locale.ROOT), n);
        }
        assertEquals(Names.known().size(), known().size(), "distinct");
    }

    @Test
    void breakingOutOfForeignContent_isTheSpecsList() throws ReflectiveOperationException {
        Set<String> spec = jsoupList("InForeignToHtml");
        spec.remove("font"); // only with color, face or size: the callers check those
        List<String> missing = new ArrayList<>();
        for (String n : spec) {
            if (!Names.known().contains(n)) {
                missing.add(n);
            }
            assertTrue(Names.breaksOutOfForeignContent(n), n);
        }
        assertEquals(List.of(), missing, "names that break out but would be read as unknown");
        for (String n : Names.known()) {
            assertEquals(spec.contains(n), Names.breaksOutOfForeignContent(n), n);
        }
    }

    @Test
    void startTagsThatCloseAParagraph_areTheSpecsLists() throws ReflectiveOperationException {
        Set<String> spec = jsoupList("InBodyStartPClosers");
        spec.addAll(jsoupList("Headings"));
        spec.addAll(jsoupList("DdDt"));
        spec.addAll(Set.of("pre", "listing", "li", "plaintext", "xmp", "hr", "p"));
        // in the spec's list too ("in body", a start tag whose tag name is one of "address",
        // ..., "dialog", ..., "main", ..., "search", ...), where jsoup 1.21 lists them apart
        spec.addAll(Set.of("dialog", "main", "search"));
        spec.remove("form"); // not followed: the parser may ignore a form, p and all (see BodyScanner)
        for (String n : spec) {
            assertTrue(Names.known().contains(n), n + " is known");
        }
        for (String n : Names.known()) {
            assertEquals(spec.contains(n), TagFlags.closesP(n), n);
        }
    }

    @Test
    void voidElements_areThoseJsoupKnowsAsEmpty() {
        for (String n : Names.known()) {
            if (n.equals("image")) {
                assertTrue(TagFlags.isVoid(n), "image is read as img");
                continue;
            }
            Tag t = Tag.valueOf(n);
            assertEquals(t.isKnownTag() && t.isEmpty(), TagFlags.isVoid(n), n);
        }
    }
}
