package dev.helpline.core.html.internal;

import dev.helpline.core.phone.PhoneNumber;

import java.util.Set;

/**
 * The numbers to link, as the body scanner compares them: national digits as longs, with
 * the number each stands for; and, for every other number, the audit's verdict, which the
 * rewriter keeps across pages ({@link AuditedNumbers}). Immutable; the rewriter keeps the
 * last one it made, since the set repeats from page to page.
 */
public final class InlineNumbers {
    static final InlineNumbers NONE = new InlineNumbers(Set.of(), new AuditedNumbers());

    private final Set<PhoneNumber> set;
    private final long[] national;
    private final PhoneNumber[] numbers;
    private final AuditedNumbers others;

    private InlineNumbers(Set<PhoneNumber> set, AuditedNumbers others) {
        this.set = set;
        this.others = others;
        this.national = new long[set.size()];
        this.numbers = new PhoneNumber[set.size()];
        int i = 0;
        for (PhoneNumber n : set) {
            national[i] = Long.parseLong(n.nationalDigits());
            numbers[i] = n;
            i++;
        }
    }

    /**
     * {@code numbers}, from {@code last} when it holds the same ones and the same
     * {@code others}; else new, with the verdicts in {@code others}.
     */
    public static InlineNumbers of(Set<PhoneNumber> numbers, InlineNumbers last, AuditedNumbers others) {
        if (last != null && last.others == others && (last.set == numbers || last.set.equals(numbers))) {
            return last;
        }
        return new InlineNumbers(Set.copyOf(numbers), others);
    }

    public boolean isEmpty() {
        return numbers.length == 0;
    }

    /** The masked form of a number that is not one of these, or null if it is not a valid number. */
    String masked(long digits) {
        return others.masked(digits);
    }

    /** The number whose national digits are {@code digits}, or null. */
    PhoneNumber find(long digits) {
        for (int k = 0; k < national.length; k++) {
            if (national[k] == digits) {
                return numbers[k];
            }
        }
        return null;
    }
}
