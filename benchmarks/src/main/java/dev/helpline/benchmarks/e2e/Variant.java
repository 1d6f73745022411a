package dev.helpline.benchmarks.e2e;

import java.util.Locale;

/** What sits between the container and the page's servlet in one of the harness's servers. */
public enum Variant {
    /** Nothing: the host as it is. */
    NONE("no filter"),
    /** {@link PassThroughFilter}: wraps everything, changes nothing (the floor of any rewriting filter). */
    WRAPPER("pass-through wrapper"),
    /** {@code HelplineFilter}, the banner only ({@code helpline.inline.enabled=false}, {@code helpline.cta.enabled=false}). */
    BANNER("banner only"),
    /** {@code HelplineFilter} with everything on: the helpline's numbers linked, the box in the host's slot. */
    FULL("everything on"),
    /** SiteMesh 3.2.2 decorating the page with the same widget markup, with {@link SiteMeshShim}. */
    SITEMESH("SiteMesh 3.2.2");

    private final String label;

    Variant(String label) {
        this.label = label;
    }

    /** How the harness's table names it. */
    public String label() {
        return label;
    }

    /** The command-line name: {@code none}, {@code wrapper}, {@code banner}, {@code full}, {@code sitemesh}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The variant with that command-line name; names the valid ones otherwise. */
    public static Variant of(String key) {
        for (Variant v : values()) {
            if (v.key().equals(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + key + "' (none, wrapper, banner, full, sitemesh)");
    }
}
