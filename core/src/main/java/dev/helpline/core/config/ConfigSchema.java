package dev.helpline.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key the library knows, read once from the {@link RawSettings}
 * schema, so that the binder, the environment mapping and the documentation can never
 * disagree about which keys exist.
 *
 * <p>A map of records ({@code helpline.profiles}) is listed with {@value #NAME} for its
 * key: {@code helpline.profiles.<name>.paths}. Inside a profile the text keys are listed
 * once, as {@value #TEXT_KEY}; {@link #profileKeys()} has them one by one.
 */
public final class ConfigSchema {
    /** Stands for a profile's name in {@link SettingInfo#key()}. */
    public static final String NAME = "<name>";
    static final String TEXT_KEY = "<text key>";
    private static final PropertyNamingStrategies.NamingBase NAMING =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;

    private static final List<SettingInfo> SETTINGS = walk(RawSettings.class, "", false);
    private static final Map<String, SettingInfo> BY_KEY = SETTINGS.stream()
            .collect(Collectors.toUnmodifiableMap(SettingInfo::key, Function.identity()));
    /** Text keys without their {@code helpline.} prefix ({@code banner.label}), with their English default. */
    private static final Map<String, SettingInfo> TEXTS = texts();
    private static final List<String> PROFILE_KEYS = profileKeys(RawSettings.Profile.class, "");

    private ConfigSchema() {
    }

    /** All keys, in schema order. */
    public static List<SettingInfo> settings() {
        return SETTINGS;
    }

    /** The key's description, or {@code null} for a key that does not exist. */
    public static SettingInfo find(String key) {
        return BY_KEY.get(key);
    }

    /**
     * Every key a profile may set, relative to the profile ({@code paths}, {@code banner.label}, …).
     */
    public static List<String> profileKeys() {
        return PROFILE_KEYS;
    }

    /**
     * The text keys relative to {@code helpline.} ({@code banner.label}, {@code form.hint}, …)
     * with their English defaults, in schema order.
     */
    static Map<String, SettingInfo> textKeys() {
        return TEXTS;
    }

    private static List<SettingInfo> walk(Class<?> type, String prefix, boolean inProfile) {
        List<SettingInfo> out = new ArrayList<>();
        boolean textsListed = false;
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + NAMING.translate(c.getName());
            Setting s = c.getAnnotation(Setting.class);
            if (s != null) {
                String def = Setting.NONE.equals(s.defaultValue()) ? null : s.defaultValue();
                out.add(new SettingInfo(key, inProfile ? null : SettingInfo.environmentVariableOf(key), def,
                        s.required(), s.doc()));
            } else if (c.getType().isRecord() && !inProfile) {
                out.addAll(walk(c.getType(), key + ".", false));
            } else if (c.getType().isRecord()) {
                // Shared groups inside a profile: only the keys a profile may set, texts once.
                for (RecordComponent inner : c.getType().getRecordComponents()) {
                    Setting is = inner.getAnnotation(Setting.class);
                    if (is != null && is.inProfiles()) {
                        String k = key + "." + NAMING.translate(inner.getName());
                        out.add(new SettingInfo(k, null, null, false, "The profile's " + k.substring(prefix.length())
                                + "; unset: the top level's."));
                    } else if (is != null && is.localized() && !textsListed) {
                        textsListed = true;
                        out.add(new SettingInfo(prefix + TEXT_KEY, null, null, false,
                                "Any text key above (those with a built-in Spanish text) for the profile's pages, e.g."
                                        + " `helpline.profiles.es.banner.label`. Unset: the top level's text when the"
                                        + " language is `helpline.locale`, else the built-in text of the language."));
                    }
                }
            } else if (Map.class.isAssignableFrom(c.getType())) {
                Class<?> value = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[1];
                out.addAll(walk(value, key + "." + NAME + ".", true));
            } else {
                throw new IllegalStateException("undocumented setting " + key);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, SettingInfo> texts() {
        Map<String, SettingInfo> out = new LinkedHashMap<>();
        collectTexts(RawSettings.Root.class, "", out);
        return Collections.unmodifiableMap(out);
    }

    private static void collectTexts(Class<?> type, String prefix, Map<String, SettingInfo> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + NAMING.translate(c.getName());
            Setting s = c.getAnnotation(Setting.class);
            if (s != null && s.localized()) {
                out.put(key, BY_KEY.get("helpline." + key));
            } else if (s == null && c.getType().isRecord()) {
                collectTexts(c.getType(), key + ".", out);
            }
        }
    }

    private static List<String> profileKeys(Class<?> type, String prefix) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + NAMING.translate(c.getName());
            Setting s = c.getAnnotation(Setting.class);
            if (s != null && (prefix.isEmpty() || s.localized() || s.inProfiles())) {
                out.add(key);
            } else if (s == null && c.getType().isRecord()) {
                out.addAll(profileKeys(c.getType(), key + "."));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The values set in a bound group of records, by key relative to it
     * ({@code banner.label}); groups that were not bound ({@code null}) hold nothing.
     */
    static Map<String, String> values(Object record) {
        Map<String, String> out = new LinkedHashMap<>();
        collectValues(record, "", out);
        return out;
    }

    private static void collectValues(Object record, String prefix, Map<String, String> out) {
        if (record == null) {
            return;
        }
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String key = prefix + NAMING.translate(c.getName());
            if (v instanceof String text) {
                out.put(key, text);
            } else if (v != null && c.getType().isRecord()) {
                collectValues(v, key + ".", out);
            }
        }
    }
}
