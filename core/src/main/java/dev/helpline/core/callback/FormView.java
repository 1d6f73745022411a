package dev.helpline.core.callback;

import dev.helpline.core.config.Profile;

import java.util.Objects;

/**
 * What a rendered form showed: the profile of its page ({@code null}: the top level) and
 * its language. Carried, signed, in the form token, so that the consent recorded and the
 * messages answered are those of the page the person saw, never picked from request headers.
 */
public record FormView(Profile profile, String language) {
    public FormView {
        Objects.requireNonNull(language, "language");
    }
}
