package dev.helpline.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key the library knows, read once from the {@link RawSettings}
 * schema, so that the binder, the environment mapping and the documentation can never
 * disagree about which keys exist.
 */
public final class ConfigSchema {
    private static final List<SettingInfo> SETTINGS = walk(RawSettings.class, "");
    private static final Map<String, SettingInfo> BY_KEY = SETTINGS.stream()
            .collect(Collectors.toUnmodifiableMap(SettingInfo::key, Function.identity()));

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

    private static List<SettingInfo> walk(Class<?> type, String prefix) {
        List<SettingInfo> out = new ArrayList<>();
        var naming = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + naming.translate(c.getName());
            Setting s = c.getAnnotation(Setting.class);
            if (s != null) {
                String def = Setting.NONE.equals(s.defaultValue()) ? null : s.defaultValue();
                out.add(new SettingInfo(key, SettingInfo.environmentVariableOf(key), def, s.required(), s.doc()));
            } else if (c.getType().isRecord()) {
                out.addAll(walk(c.getType(), key + "."));
            } else {
                throw new IllegalStateException("undocumented setting " + key);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
