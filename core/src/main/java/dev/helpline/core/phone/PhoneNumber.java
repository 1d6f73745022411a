package dev.helpline.core.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Objects;

/**
 * A validated North American (NANP) phone number.
 *
 * <p>Instances only exist for numbers libphonenumber considers valid, so every string
 * derived from one ({@link #display()}, {@link #e164()}, {@link #telUri()}) is made of
 * digits and fixed punctuation: safe to place in HTML and {@code tel:} links as is.
 *
 * <pre>{@code
 * PhoneNumber n = PhoneNumber.parse("800-601-3889");
 * n.display(); // "(800) 601-3889"
 * n.telUri();  // "tel:+18006013889"
 * }</pre>
 *
 * <p>Immutable and thread safe.
 */
public final class PhoneNumber {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** NANP country calling code. */
    private static final int NANP = 1;

    private final String e164;
    private final String national;

    private PhoneNumber(String e164) {
        this.e164 = e164;
        this.national = e164.substring(2);
    }

    /**
     * Parses a number as a person would type it: {@code 800-601-3889}, {@code (800) 601-3889},
     * {@code 800.601.3889}, {@code 1-800-601-3889}, {@code +1 800 601 3889}.
     *
     * @throws IllegalArgumentException if the text is not a valid NANP number; the message
     *                                  never repeats the text (it may be a person's number)
     */
    public static PhoneNumber parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > 40) {
            throw new IllegalArgumentException("is too long to be a phone number");
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = UTIL.parse(text, "US");
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("is not a phone number");
        }
        if (parsed.getCountryCode() != NANP || !UTIL.isValidNumber(parsed)) {
            throw new IllegalArgumentException("is not a valid North American phone number");
        }
        return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /** Like {@link #parse(String)}, but answers {@code null} instead of throwing. */
    public static PhoneNumber tryParse(String text) {
        try {
            return text == null ? null : parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code +18006013889}. */
    public String e164() {
        return e164;
    }

    /** The ten national digits, {@code 8006013889}. */
    public String nationalDigits() {
        return national;
    }

    /** {@code (800) 601-3889}, the format the widget shows. */
    public String display() {
        return "(" + national.substring(0, 3) + ") " + national.substring(3, 6) + "-" + national.substring(6);
    }

    /** RFC 3966 URI, {@code tel:+18006013889}. */
    public String telUri() {
        return "tel:" + e164;
    }

    /** All but the last two digits hidden, {@code ********89}: the only form fit for a log line. */
    public String masked() {
        return mask(national);
    }

    /** Masks any text that may hold a phone number, keeping only its last two digits. */
    public static String mask(String anyNumber) {
        if (anyNumber == null) {
            return "null";
        }
        String digits = anyNumber.replaceAll("[^0-9]", "");
        if (digits.length() <= 2) {
            return "**";
        }
        return "*".repeat(digits.length() - 2) + digits.substring(digits.length() - 2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber other && other.e164.equals(e164);
    }

    @Override
    public int hashCode() {
        return e164.hashCode();
    }

    /** Masked on purpose: a number must never reach a log through {@code toString()}. */
    @Override
    public String toString() {
        return "PhoneNumber[" + masked() + "]";
    }
}
