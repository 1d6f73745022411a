package dev.helpline.core.config;

/**
 * Where the crisis lines ({@code helpline.crisis.*}) appear for the top level or one profile.
 * With {@code enabled} they are always in the disclosure and beside the callback form; the
 * banner and the call-to-action box are optional.
 *
 * @param enabled  whether the crisis lines are shown at all
 * @param inBanner also the short crisis line in the banner
 * @param inCta    also the short crisis line in the call-to-action box
 */
public record CrisisPlacement(boolean enabled, boolean inBanner, boolean inCta) {
    /** The default: in the disclosure and beside the form only. */
    public static final CrisisPlacement DEFAULT = new CrisisPlacement(true, false, false);

    public CrisisPlacement {
        if (!enabled && (inBanner || inCta)) {
            throw new IllegalArgumentException("crisis lines turned off cannot be placed in the banner or the box");
        }
    }
}
