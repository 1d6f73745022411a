package dev.helpline.core.callback;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Deadlines counted in business days: Monday to Friday. A request received on any day is
 * counted from the next business day, so the day it arrived never counts.
 *
 * <p>US federal holidays are counted as business days on purpose: skipping them could only
 * move a deadline later, counting them keeps it on the early (safe) side of every reading
 * of "business day", and no table of holidays has to be kept up to date.
 *
 * <pre>{@code
 * BusinessDays.after(LocalDate.of(2026, 12, 7), 10); // 2026-12-21 (a Monday plus 10 weekdays)
 * }</pre>
 */
public final class BusinessDays {
    private BusinessDays() {
    }

    /**
     * The date {@code days} business days after {@code received}.
     *
     * @throws IllegalArgumentException if {@code days} is negative
     */
    public static LocalDate after(LocalDate received, int days) {
        Objects.requireNonNull(received, "received");
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative: " + days);
        }
        LocalDate d = received;
        int left = days;
        while (left > 0) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return d;
    }
}
