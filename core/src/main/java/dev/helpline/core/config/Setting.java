package dev.helpline.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one configuration key on the raw settings schema ({@link RawSettings}):
 * its default and what it does. The README's property table is checked against these.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Setting {
    /** Marks a key without a default. */
    String NONE = "\u0000none";

    String defaultValue() default NONE;

    boolean required() default false;

    /**
     * A text the visitor reads. Its default comes from the built-in bundle of the page's
     * language ({@link BuiltInTexts}); {@link #defaultValue()} is the English one. Text keys
     * may also be set inside a profile.
     */
    boolean localized() default false;

    /** A key that a profile ({@code helpline.profiles.<name>.…}) may set besides the texts. */
    boolean inProfiles() default false;

    String doc();
}
