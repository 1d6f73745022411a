package dev.helpline.core.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the phone line is answered: around the clock, or a weekly schedule in a time zone.
 * Times are wall-clock times in that zone, so a daylight-saving change moves nothing.
 *
 * <pre>{@code
 * Hours h = Hours.parse("Mon-Fri 08:00-20:00; Sat 09:00-17:00", ZoneId.of("America/New_York"));
 * h.isOpen(Instant.parse("2026-11-02T14:00:00Z"));  // Monday 09:00 in New York: true
 * Hours.parse("Fri 22:00-02:00", zone);             // Friday night into Saturday
 * Hours.ALWAYS.isOpen(anyInstant);                  // true
 * }</pre>
 *
 * <p>A schedule is entries separated by {@code ;}; each entry is days ({@code Mon}, a range
 * {@code Mon-Fri}, or a list {@code Mon,Wed,Fri}) then one or more {@code HH:MM-HH:MM}
 * windows separated by {@code ,}. A window starts at its start and ends before its end;
 * {@code 24:00} ends at midnight; an end before the start runs into the next day.
 * Immutable and thread safe.
 */
public final class Hours {
    /** Open around the clock. */
    public static final Hours ALWAYS = new Hours("24/7", ZoneId.of("America/New_York"), List.of());

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern WINDOW = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

    private final String schedule;
    private final ZoneId zone;
    private final List<Window> windows;

    private record Window(DayOfWeek day, int start, int end) {
        boolean contains(DayOfWeek d, int minute) {
            if (start < end) {
                return d == day && minute >= start && minute < end;
            }
            return (d == day && minute >= start) || (d == day.plus(1) && minute < end);
        }
    }

    private Hours(String schedule, ZoneId zone, List<Window> windows) {
        this.schedule = schedule;
        this.zone = zone;
        this.windows = List.copyOf(windows);
    }

    /**
     * Reads a schedule.
     *
     * @param schedule {@code 24/7} or a weekly schedule as described in the class comment
     * @param zone     the zone the times are in
     * @throws IllegalArgumentException naming what is wrong with the schedule
     */
    public static Hours parse(String schedule, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String s = schedule == null ? "" : schedule.strip();
        if (s.equals("24/7")) {
            return new Hours("24/7", zone, List.of());
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must be 24/7 or a weekly schedule like Mon-Fri 08:00-20:00; Sat 09:00-17:00");
        }
        List<Window> windows = new ArrayList<>();
        for (String entry : s.split(";")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split("\\s+", 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException("'" + e + "' needs days and hours, like Mon-Fri 08:00-20:00");
            }
            Set<DayOfWeek> days = days(parts[0]);
            for (String w : parts[1].split(",")) {
                Matcher m = WINDOW.matcher(w.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + w.strip() + "' is not hours like 08:00-20:00");
                }
                int start = minutes(m.group(1), m.group(2), false, w);
                int end = minutes(m.group(3), m.group(4), true, w);
                if (start == end) {
                    throw new IllegalArgumentException("'" + w.strip() + "' is empty: its end equals its start");
                }
                for (DayOfWeek d : days) {
                    windows.add(new Window(d, start, end));
                }
            }
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("names no hours");
        }
        return new Hours(s, zone, windows);
    }

    private static Set<DayOfWeek> days(String spec) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String item : spec.split(",")) {
            String[] range = item.split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("'" + item + "' is not a day or a range of days like Mon-Fri");
            }
            int from = day(range[0]);
            int to = range.length == 2 ? day(range[1]) : from;
            for (int i = from; ; i = (i + 1) % 7) {
                out.add(DayOfWeek.of(i + 1));
                if (i == to) {
                    break;
                }
            }
        }
        return out;
    }

    private static int day(String name) {
        int i = DAYS.indexOf(name.strip().toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("'" + name + "' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun");
        }
        return i;
    }

    private static int minutes(String hh, String mm, boolean end, String window) {
        int h = Integer.parseInt(hh);
        int m = Integer.parseInt(mm);
        if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end))) {
            throw new IllegalArgumentException("'" + window.strip() + "' has a time that does not exist; use 00:00 to 24:00");
        }
        return h * 60 + m;
    }

    /** Whether the line is answered at this instant. */
    public boolean isOpen(Instant instant) {
        if (windows.isEmpty()) {
            return true;
        }
        ZonedDateTime t = instant.atZone(zone);
        int minute = t.getHour() * 60 + t.getMinute();
        DayOfWeek d = t.getDayOfWeek();
        for (Window w : windows) {
            if (w.contains(d, minute)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the line is answered around the clock. */
    public boolean alwaysOpen() {
        return windows.isEmpty();
    }

    /** The zone the schedule's times are in. */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hours h && h.schedule.equals(schedule) && h.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return schedule.hashCode() * 31 + zone.hashCode();
    }

    /** {@code 24/7} or the schedule as configured, with its zone. */
    @Override
    public String toString() {
        return schedule + " " + zone;
    }
}
