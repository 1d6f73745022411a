package dev.helpline.core.config;

import dev.helpline.core.phone.PublicLines;
import dev.helpline.core.phone.PublicLines.Line;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A crisis text split into plain text and links to the public lines: {@code {tel:988}},
 * {@code {sms:988|text}}, {@code {tel:samhsa}}. Only {@link PublicLines} can be linked, so a
 * crisis text can never carry the helpline's own number (or any other) as a crisis line.
 *
 * <pre>{@code
 * CrisisText.parse("In crisis? {tel:988|Call} or {sms:988|text} 988").parts();
 * // [Text["In crisis? "], Link[LIFELINE, sms=false, "Call"], Text[" or "], Link[LIFELINE, sms=true, "text"], Text[" 988"]]
 * }</pre>
 *
 * <p>Immutable.
 *
 * @param parts the text and links, in order
 */
public record CrisisText(List<Part> parts) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    public CrisisText {
        parts = List.copyOf(parts);
    }

    /** A piece of a crisis text. */
    public sealed interface Part permits Text, Link {
    }

    /** Plain text. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A link to a public line.
     *
     * @param line  which line
     * @param sms   an {@code sms:} link (only for lines that take texts), else {@code tel:}
     * @param label the link's text: what followed {@code |}, else the number
     */
    public record Link(Line line, boolean sms, String label) implements Part {
        public Link {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(label, "label");
            if (sms && !line.takesTexts()) {
                throw new IllegalArgumentException(line.placeholderName() + " does not take text messages");
            }
        }

        /** {@code tel:988}, {@code sms:988}, {@code tel:+18006624357}. */
        public String uri() {
            return sms ? line.smsUri() : line.telUri();
        }

        /** Whether the label is the number itself (then it names the link well enough alone). */
        public boolean labelIsNumber() {
            return label.equals(line.display());
        }
    }

    /**
     * Splits a crisis text.
     *
     * @throws IllegalArgumentException naming the first placeholder that is not a link to a
     *                                  public line ({@code {tel:…}} or {@code {sms:988}})
     */
    public static CrisisText parse(String template) {
        Objects.requireNonNull(template, "template");
        List<Part> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(new Text(template.substring(last, m.start())));
            }
            out.add(link(m.group(1)));
            last = m.end();
        }
        if (last < template.length()) {
            out.add(new Text(template.substring(last)));
        }
        return new CrisisText(out);
    }

    private static Link link(String placeholder) {
        int colon = placeholder.indexOf(':');
        int bar = placeholder.indexOf('|');
        String scheme = colon < 0 ? "" : placeholder.substring(0, colon).strip();
        String name = colon < 0 ? placeholder : placeholder.substring(colon + 1, bar < 0 ? placeholder.length() : bar);
        boolean sms = scheme.equals("sms");
        if (!sms && !scheme.equals("tel")) {
            throw new IllegalArgumentException("unknown placeholder {" + placeholder + "}; known: {tel:988}, {sms:988},"
                    + " {tel:911}, {tel:samhsa}, {tel:samhsa-tty}, each optionally with its text after |");
        }
        Line line = PublicLines.byName(name).orElseThrow(() -> new IllegalArgumentException("{" + placeholder
                + "} names no public line; known: 988, 911, samhsa, samhsa-tty"));
        if (sms && !line.takesTexts()) {
            throw new IllegalArgumentException("{" + placeholder + "}: " + line.display() + " does not take text messages;"
                    + " use {tel:" + line.placeholderName() + "}");
        }
        String label = bar < 0 ? line.display() : placeholder.substring(bar + 1).strip();
        if (label.isEmpty()) {
            throw new IllegalArgumentException("{" + placeholder + "} has an empty text after |");
        }
        return new Link(line, sms, label);
    }

    /** The lines this text links to. */
    public Set<Line> lines() {
        Set<Line> out = EnumSet.noneOf(Line.class);
        for (Part p : parts) {
            if (p instanceof Link l) {
                out.add(l.line());
            }
        }
        return out;
    }

    /** The text as a visitor reads it, links replaced by their labels. */
    public String plain() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(p instanceof Link l ? l.label() : ((Text) p).text());
        }
        return b.toString();
    }
}
