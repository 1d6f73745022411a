package dev.helpline.core.html.internal;

import dev.helpline.core.phone.PhoneNumber;

import java.util.Set;

/**
 * The numbers to link, as the body scanner compares them: national digits as longs, with
 * the number each stands for. Immutable; the rewriter keeps the last one it made, since
 * the set repeats from page to page.
 */
public final class InlineNumbers {
    static final InlineNumbers NONE = new InlineNumbers(Set.of());

    private final Set<PhoneNumber> set;
    private final long[] national;
    private final PhoneNumber[] numbers;

    private InlineNumbers(Set<PhoneNumber> set) {
        this.set = set;
        this.national = new long[set.size()];
        this.numbers = new PhoneNumber[set.size()];
        int i = 0;
        for (PhoneNumber n : set) {
            national[i] = Long.parseLong(n.nationalDigits());
            numbers[i] = n;
            i++;
        }
    }

    /** {@code numbers}, from {@code last} when it holds the same ones. */
    public static InlineNumbers of(Set<PhoneNumber> numbers, InlineNumbers last) {
        if (last != null && (last.set == numbers || last.set.equals(numbers))) {
            return last;
        }
        return numbers.isEmpty() ? NONE : new InlineNumbers(Set.copyOf(numbers));
    }

    public boolean isEmpty() {
        return numbers.length == 0;
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
