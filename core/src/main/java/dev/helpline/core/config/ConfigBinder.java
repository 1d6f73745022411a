package dev.helpline.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.javaprop.JavaPropsMapper;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Binds {@code helpline.*} properties to {@link RawSettings} with Jackson's properties
 * module, then validates them. Unknown keys and values of the wrong shape are collected as
 * problems instead of stopping the binding, so one run reports everything.
 */
final class ConfigBinder {
    private ConfigBinder() {
    }

    static HelplineConfig bind(Map<String, String> properties) {
        List<ConfigProblem> problems = new ArrayList<>();
        Properties withDefaults = new Properties();
        for (SettingInfo s : ConfigSchema.settings()) {
            // A text's default depends on the page's language: left unset here, so that
            // validation can tell a text the site set from one it did not.
            if (s.defaultValue() != null && !ConfigSchema.textKeys().containsKey(s.key().substring("helpline.".length()))) {
                withDefaults.setProperty(s.key(), s.defaultValue());
            }
        }
        properties.forEach((k, v) -> {
            if (k.startsWith("helpline.")) {
                withDefaults.setProperty(k, v);
            }
        });

        RawSettings raw;
        try {
            JavaPropsMapper mapper = newMapper(problems);
            JsonNode tree = mapper.readPropertiesAs(withDefaults, JsonNode.class);
            ensureGroups(tree);
            raw = mapper.treeToValue(tree, RawSettings.class);
        } catch (IOException e) {
            // Only reachable through a shape the handler could not recover from.
            problems.add(new ConfigProblem("helpline", null, "cannot be read: " + e.getMessage()));
            throw new ConfigException(sorted(problems));
        }
        HelplineConfig config = HelplineConfig.fromRaw(raw.helpline(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(sorted(problems));
        }
        return config;
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        return problems.stream().sorted(Comparator.comparing(ConfigProblem::key)).distinct().toList();
    }

    /** Creates the object for every group, so that validation never meets a missing group. */
    private static void ensureGroups(JsonNode tree) {
        if (tree.path("helpline").path("profiles") instanceof ObjectNode profiles) {
            // "helpline.profiles.es=x": a value on a profile, reported on the profile's key.
            for (String name : new ArrayList<>(iterable(profiles.fieldNames()))) {
                JsonNode value = profiles.get(name);
                if (value.isValueNode()) {
                    profiles.putObject(name).set("", value);
                }
            }
        }
        for (SettingInfo s : ConfigSchema.settings()) {
            if (s.key().contains("<")) {
                continue; // inside a map: only the entries that were set exist
            }
            String[] parts = s.key().split("\\.");
            JsonNode node = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = node.get(parts[i]);
                if (next == null && node instanceof ObjectNode o) {
                    next = o.putObject(parts[i]);
                } else if (next != null && next.isValueNode() && node instanceof ObjectNode o) {
                    // "helpline.banner=x" alone: kept as the group's own value, reported on the group.
                    next = o.putObject(parts[i]).set("", next);
                }
                if (next == null || !next.isObject()) {
                    break; // wrong shape: reported by the binder
                }
                node = next;
            }
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static JavaPropsMapper newMapper(List<ConfigProblem> problems) {
        JavaPropsMapper mapper = new JavaPropsMapper();
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                                 JsonDeserializer<?> deserializer, Object bean, String name)
                    throws IOException {
                if (name.isEmpty()) {
                    // "helpline.banner=x" next to "helpline.banner.label=y": the group got a value.
                    String group = pathOf(p.getParsingContext().getParent(), null);
                    problems.add(new ConfigProblem(group, valueText(p), "is a group of keys and cannot have a value of its own"));
                } else if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    // "helpline.admin.token=abc": an unknown group. Its context is already the
                    // group's own; each key under it is reported as it was written.
                    String group = pathOf(p.getParsingContext().getParent().getParent(), name);
                    JsonNode subtree = p.readValueAsTree();
                    reportLeaves(group, subtree, problems);
                    return true;
                } else {
                    String key = pathOf(p.getParsingContext().getParent(), name);
                    problems.add(new ConfigProblem(key, valueText(p), unknownKeyReason(key)));
                }
                p.skipChildren();
                return true;
            }

            @Override
            public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                                JsonParser p, String failureMsg) throws IOException {
                String key = pathOf(p.getParsingContext().getParent(), p.getParsingContext().getCurrentName());
                problems.add(new ConfigProblem(key, null, targetType.isRecordType()
                        ? "is a group of keys and cannot have a value of its own"
                        : "must be a single value, not a group of keys"));
                p.skipChildren();
                return null;
            }
        });
        return mapper;
    }

    /** One problem per key written under an unknown group, with the value as written. */
    private static void reportLeaves(String key, JsonNode node, List<ConfigProblem> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            problems.add(new ConfigProblem(key, null, unknownKeyReason(key)));
        } else if (node.isValueNode()) {
            problems.add(new ConfigProblem(key, node.asText(), unknownKeyReason(key)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                reportLeaves(key + "." + (i + 1), node.get(i), problems);
            }
        } else {
            // "a.b=1" next to "a.b.c=2": the group's own value sits under the empty name.
            node.properties().forEach(e -> reportLeaves(e.getKey().isEmpty() ? key : key + "." + e.getKey(),
                    e.getValue(), problems));
        }
    }

    private static String valueText(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return t != null && t.isScalarValue() ? p.getText() : null;
    }

    private static String pathOf(JsonStreamContext ctx, String last) {
        Deque<String> parts = new ArrayDeque<>();
        if (last != null) {
            parts.push(last);
        }
        for (JsonStreamContext c = ctx; c != null; c = c.getParent()) {
            if (c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        return String.join(".", parts);
    }

    /** Suggests the nearest known key, so that a typo names its fix. */
    static String unknownKeyReason(String key) {
        List<String> candidates = new ArrayList<>();
        String profilePrefix = "helpline.profiles.";
        if (key.startsWith(profilePrefix) && key.indexOf('.', profilePrefix.length()) > 0) {
            String prefix = key.substring(0, key.indexOf('.', profilePrefix.length()) + 1);
            ConfigSchema.profileKeys().forEach(k -> candidates.add(prefix + k));
        } else {
            ConfigSchema.settings().stream().map(SettingInfo::key).filter(k -> !k.contains("<")).forEach(candidates::add);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= 3 ? "unknown key; did you mean " + best + "?" : "unknown key";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
