package dev.helpline.core.callback;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BusinessDaysTest {
    @ParameterizedTest(name = "{0} + {1} business days = {2}")
    @CsvSource({
            "2026-12-07, 10, 2026-12-21", // Monday: two full weeks
            "2026-12-11, 10, 2026-12-25", // Friday: Christmas counts (federal holidays are not skipped, see the class)
            "2026-12-12, 10, 2026-12-25", // Saturday: counting starts on Monday
            "2026-12-13, 10, 2026-12-25", // Sunday
            "2026-12-11, 1, 2026-12-14",  // Friday + 1 is Monday
            "2026-12-07, 0, 2026-12-07"})
    void after_skipsSaturdaysAndSundays(LocalDate from, int days, LocalDate expected) {
        assertEquals(expected, BusinessDays.after(from, days));
    }

    @org.junit.jupiter.api.Test
    void after_negative_refused() {
        assertThrows(IllegalArgumentException.class, () -> BusinessDays.after(LocalDate.of(2026, 1, 1), -1));
    }
}
