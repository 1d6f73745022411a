package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Test helpers: configurations and a parsed view of the fragments. */
final class Fragments {
    /** Attributes whose value is configuration text, so a shape keeps only their name. */
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("aria-label", "data-helpline-success");

    private Fragments() {
    }

    static HelplineConfig config(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        p.put("helpline.phone", "800-601-3889");
        p.put("helpline.operator.name", "American Addiction Centers");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return HelplineConfig.fromProperties(p);
    }

    static Widget widget(String... keyValues) {
        return Widget.render(config(keyValues), "");
    }

    /** The fragment parsed as the children of a {@code <body>}. */
    static Element parse(String fragment) {
        return Jsoup.parseBodyFragment(fragment).body();
    }

    /**
     * The element structure below {@code root}: tags, attribute names and (except for
     * attributes holding configuration text) values, without text. Two fragments with the
     * same shape differ only in their texts.
     */
    static String shape(Element root) {
        StringBuilder b = new StringBuilder();
        for (Element child : root.children()) {
            shape(child, b);
        }
        return b.toString();
    }

    private static void shape(Element e, StringBuilder b) {
        b.append('<').append(e.tagName());
        e.attributes().asList().stream().sorted(Comparator.comparing(Attribute::getKey)).forEach(a -> {
            b.append(' ').append(a.getKey());
            if (!TEXT_ATTRIBUTES.contains(a.getKey())) {
                b.append("=\"").append(a.getValue()).append('"');
            }
        });
        b.append('>');
        for (Element child : e.children()) {
            shape(child, b);
        }
        b.append("</").append(e.tagName()).append('>');
    }
}
