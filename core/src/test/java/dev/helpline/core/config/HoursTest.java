package dev.helpline.core.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoursTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    @Test
    void isOpen_247_alwaysTrue() {
        Hours h = Hours.parse("24/7", NY);
        assertTrue(h.alwaysOpen());
        assertTrue(h.isOpen(Instant.parse("2026-01-01T03:00:00Z")));
    }

    @Test
    void isOpen_weekdaySchedule_openAtStartClosedAtEnd() {
        Hours h = Hours.parse("Mon-Fri 08:00-20:00; Sat 09:00-17:00", NY);
        // 2026-11-02 is a Monday.
        assertFalse(h.isOpen(ny("2026-11-02T07:59:59")));
        assertTrue(h.isOpen(ny("2026-11-02T08:00:00")));
        assertTrue(h.isOpen(ny("2026-11-02T19:59:59")));
        assertFalse(h.isOpen(ny("2026-11-02T20:00:00")));
        assertTrue(h.isOpen(ny("2026-11-07T09:00:00")));   // Saturday
        assertFalse(h.isOpen(ny("2026-11-07T17:00:00")));
        assertFalse(h.isOpen(ny("2026-11-08T12:00:00")));  // Sunday
    }

    @Test
    void isOpen_acrossMidnight_runsIntoTheNextDayOnly() {
        Hours h = Hours.parse("Fri 22:00-02:00", NY);
        assertTrue(h.isOpen(ny("2026-11-06T23:30:00")));   // Friday night
        assertTrue(h.isOpen(ny("2026-11-07T01:59:00")));   // Saturday small hours
        assertFalse(h.isOpen(ny("2026-11-07T02:00:00")));
        assertFalse(h.isOpen(ny("2026-11-06T01:00:00")));  // Friday small hours: Thursday was not open
        assertFalse(h.isOpen(ny("2026-11-07T23:00:00")));  // Saturday night
    }

    @Test
    void isOpen_sundayIntoMonday_wrapsTheWeek() {
        Hours h = Hours.parse("Sun 20:00-06:00", NY);
        assertTrue(h.isOpen(ny("2026-11-09T05:00:00")));   // Monday early
    }

    @Test
    void isOpen_untilMidnight_24isTheEndOfTheDay() {
        Hours h = Hours.parse("Mon 18:00-24:00", NY);
        assertTrue(h.isOpen(ny("2026-11-02T23:59:00")));
        assertFalse(h.isOpen(ny("2026-11-03T00:00:00")));
    }

    @Test
    void isOpen_daylightSavingDays_followTheWallClock() {
        Hours h = Hours.parse("Sun 08:00-20:00", NY);
        // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT. 08:00 EDT is 12:00Z, not 13:00Z.
        assertFalse(h.isOpen(Instant.parse("2026-03-08T11:59:00Z")));
        assertTrue(h.isOpen(Instant.parse("2026-03-08T12:00:00Z")));
        assertTrue(h.isOpen(Instant.parse("2026-03-08T23:59:00Z")));
        assertFalse(h.isOpen(Instant.parse("2026-03-09T00:00:00Z")));
        // 2026-11-01: back to EST. 08:00 EST is 13:00Z.
        assertFalse(h.isOpen(Instant.parse("2026-11-01T12:59:00Z")));
        assertTrue(h.isOpen(Instant.parse("2026-11-01T13:00:00Z")));
    }

    @Test
    void parse_listsAndSeveralWindows_areRead() {
        Hours h = Hours.parse("mon,wed 09:00-12:00, 13:00-17:00; Sat-Sun 10:00-14:00", NY);
        assertTrue(h.isOpen(ny("2026-11-04T13:30:00")));   // Wednesday afternoon
        assertFalse(h.isOpen(ny("2026-11-04T12:30:00")));  // lunch
        assertFalse(h.isOpen(ny("2026-11-03T10:00:00")));  // Tuesday
        assertTrue(h.isOpen(ny("2026-11-08T10:00:00")));   // Sunday
    }

    @Test
    void parse_badSchedules_throwIllegalArgument() {
        for (String bad : new String[] {"", "Mon", "Mon 8-20", "Funday 08:00-20:00", "Mon 08:00-20:00-21:00", "Mon-Tue-Wed 08:00-09:00"}) {
            assertThrows(IllegalArgumentException.class, () -> Hours.parse(bad, NY), bad);
        }
    }
}
