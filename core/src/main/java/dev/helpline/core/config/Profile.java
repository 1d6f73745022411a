package dev.helpline.core.config;

import dev.helpline.core.phone.PhoneNumber;

import java.util.List;
import java.util.Objects;

/**
 * A per-path variant of the widget ({@code helpline.profiles.<name>.…}): its own paths,
 * and optionally its own language, number, operator and texts. Texts are looked up with
 * {@link HelplineConfig#texts(Profile, String)}.
 *
 * <pre>{@code
 * Profile es = config.profileFor("/es/articulo");   // the first profile, by name, whose paths match
 * es.locale();                                     // "es", or null when the page decides
 * }</pre>
 *
 * @param name         the profile's name ({@code [a-z0-9-]+})
 * @param paths        path globs, as in {@link PathRules}
 * @param locale       the profile's language (a primary subtag in lower case), or {@code null}
 * @param phone        the number shown on its pages ({@code helpline.phone} when unset)
 * @param operatorName who answers that number ({@code helpline.operator.name} when unset)
 * @param hours        when that number is answered, or {@code null}: as {@code helpline.hours.schedule} says
 * @param crisis       where the crisis lines appear on its pages (unset keys: the top level's)
 */
public record Profile(String name, List<String> paths, String locale, PhoneNumber phone, String operatorName, Hours hours,
                      CrisisPlacement crisis) {
    public Profile {
        Objects.requireNonNull(name, "name");
        paths = List.copyOf(paths);
        paths.forEach(PathRules::checkGlob);
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(operatorName, "operatorName");
        Objects.requireNonNull(crisis, "crisis");
    }

    /** Whether the profile applies to this path (the request URI without the context path). */
    public boolean matches(String path) {
        return PathRules.anyMatches(paths, path);
    }
}
