package dev.helpline.core.phone;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The public crisis and referral lines the widget shows beside the helpline: 988 (Suicide
 * and Crisis Lifeline, call or text), 911, and SAMHSA's National Helpline with its TTY.
 * They are other parties' numbers: never the helpline's, never linked as the helpline's
 * number, never reported by the audit as a number missing its disclosure.
 *
 * <pre>{@code
 * PublicLines.Line.SAMHSA.telUri();                          // "tel:+18006624357"
 * PublicLines.byName("988").map(PublicLines.Line::smsUri);   // Optional["sms:988"]
 * PublicLines.isPublicLine(PhoneNumber.parse("1-800-662-4357"));   // true
 * }</pre>
 *
 * <p>Facts, not configuration: a site can reword the texts around them, not change them.
 */
public final class PublicLines {

    /** One line, named as a crisis text's placeholder names it ({@code {tel:samhsa}}). */
    public enum Line {
        /** 988 Suicide and Crisis Lifeline: calls and texts. */
        LIFELINE("988", "988", null, true),
        /** Emergency services. */
        EMERGENCY("911", "911", null, false),
        /** SAMHSA's National Helpline: free, confidential, 24/7, English and Spanish. */
        SAMHSA("samhsa", "1-800-662-4357", "8006624357", false),
        /** The National Helpline's TTY. */
        SAMHSA_TTY("samhsa-tty", "1-800-487-4889", "8004874889", false);

        private final String placeholderName;
        private final String display;
        private final String national;
        private final boolean takesTexts;

        Line(String placeholderName, String display, String national, boolean takesTexts) {
            this.placeholderName = placeholderName;
            this.display = display;
            this.national = national;
            this.takesTexts = takesTexts;
        }

        /** How a crisis text names it: {@code 988}, {@code 911}, {@code samhsa}, {@code samhsa-tty}. */
        public String placeholderName() {
            return placeholderName;
        }

        /** The number as people write it: {@code 988}, {@code 1-800-662-4357}. */
        public String display() {
            return display;
        }

        /** {@code tel:988}, {@code tel:+18006624357}: digits only, safe in an attribute. */
        public String telUri() {
            return national == null ? "tel:" + display : "tel:+1" + national;
        }

        /** Whether it answers text messages (988 does). */
        public boolean takesTexts() {
            return takesTexts;
        }

        /**
         * {@code sms:988}.
         *
         * @throws IllegalStateException for a line that does not take texts
         */
        public String smsUri() {
            if (!takesTexts) {
                throw new IllegalStateException(name() + " does not take text messages");
            }
            return "sms:" + display;
        }
    }

    private static final List<Line> ALL = List.of(Line.values());
    private static final long[] NATIONAL = ALL.stream().filter(l -> l.national != null)
            .mapToLong(l -> Long.parseLong(l.national)).sorted().toArray();

    private PublicLines() {
    }

    /** Every line, in the order the default texts name them. */
    public static List<Line> all() {
        return ALL;
    }

    /** The line a placeholder names ({@code 988}, {@code samhsa-tty}, any case). */
    public static Optional<Line> byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(l -> l.placeholderName.equals(n)).findFirst();
    }

    /** Whether the number is one of the public lines (SAMHSA's helpline or its TTY). */
    public static boolean isPublicLine(PhoneNumber number) {
        return isPublicLine(Long.parseLong(number.nationalDigits()));
    }

    /** Whether these ten national digits are one of the public lines. */
    public static boolean isPublicLine(long national) {
        return Arrays.binarySearch(NATIONAL, national) >= 0;
    }
}
