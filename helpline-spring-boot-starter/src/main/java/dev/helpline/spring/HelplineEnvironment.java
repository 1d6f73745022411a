package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.ConfigProblem;
import dev.helpline.core.config.ConfigSchema;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.SettingInfo;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the helpline's configuration from a Spring {@code Environment}, so that
 * {@code helpline.*} works wherever Boot's own properties do: {@code application.properties}
 * and {@code application.yml}, profile files, environment variables, system properties and
 * command-line arguments, with Boot's precedence between them. Below all of them, a
 * {@code helpline.properties} on the classpath and the file named by {@code helpline.config}
 * still count, so an application moved from a WAR keeps its file.
 *
 * <p>Names are matched as Boot matches them ({@code helpline.banner.callText} and
 * {@code helpline.banner.call-text} are one key; {@code HELPLINE_BANNER_CALL_TEXT} sets it
 * from the environment); every value then goes through the same schema and validation as
 * everywhere else ({@link HelplineConfig#fromProperties}), so an unknown {@code helpline.*}
 * key fails the start with "did you mean", like a typo in {@code helpline.properties}.
 */
public final class HelplineEnvironment {
    private static final System.Logger LOG = System.getLogger(HelplineEnvironment.class.getName());
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("helpline");
    private static final String PROFILES = "helpline.profiles.";
    /** {@code key[0]}, {@code key[1]}: a YAML list, joined with commas as the properties form writes it. */
    private static final Pattern INDEXED = Pattern.compile("^(.*)\\[(\\d+)]$");

    private final Map<String, String> values;
    private final List<ConfigProblem> problems;

    private HelplineEnvironment(Map<String, String> values, List<ConfigProblem> problems) {
        this.values = values;
        this.problems = problems;
    }

    /**
     * Collects every {@code helpline.*} value of the environment, highest precedence last.
     *
     * @param classLoader reads {@code helpline.properties}; {@code null} skips it
     */
    public static HelplineEnvironment of(ConfigurableEnvironment environment, ClassLoader classLoader) {
        Map<String, String> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        if (classLoader != null) {
            URL resource = classLoader.getResource("helpline.properties");
            if (resource != null) {
                read(resource, values, problems);
            }
        }
        Map<String, String> fromSpring = new LinkedHashMap<>();
        List<PropertySource<?>> sources = new ArrayList<>();
        environment.getPropertySources().forEach(sources::add);
        for (int i = sources.size() - 1; i >= 0; i--) { // lowest precedence first, so higher ones overwrite
            PropertySource<?> source = sources.get(i);
            if (source instanceof SystemEnvironmentPropertySource env) {
                fromVariables(env, fromSpring);
            } else if (source instanceof EnumerablePropertySource<?> enumerable
                    && !"configurationProperties".equals(source.getName())) {
                fromProperties(enumerable, environment, fromSpring);
            }
        }
        String file = fromSpring.getOrDefault("helpline.config", values.get("helpline.config"));
        if (file != null && !file.isBlank()) {
            read(Path.of(file), values, problems);
        }
        values.putAll(fromSpring);
        return new HelplineEnvironment(values, problems);
    }

    /** The merged values, by canonical key ({@code helpline.banner.call-text}). */
    public Map<String, String> values() {
        return values;
    }

    /** Whether the application set this key anywhere (not just left it at its default). */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /**
     * Validates the values against the schema.
     *
     * @throws ConfigException listing every problem once
     */
    public HelplineConfig load() {
        try {
            HelplineConfig config = HelplineConfig.fromProperties(values);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return config;
        } catch (ConfigException e) {
            if (problems.isEmpty()) {
                throw e;
            }
            List<ConfigProblem> all = new ArrayList<>(problems);
            e.problems().stream().filter(p -> !all.contains(p)).forEach(all::add);
            throw new ConfigException(all);
        }
    }

    private static void fromProperties(EnumerablePropertySource<?> source, ConfigurableEnvironment environment,
                                       Map<String, String> into) {
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        for (String name : source.getPropertyNames()) {
            ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
            if (adapted.isEmpty() || !(ROOT.isAncestorOf(adapted) || ROOT.equals(adapted))) {
                continue;
            }
            Object raw = source.getProperty(name);
            if (raw == null) {
                continue;
            }
            String value = environment.resolvePlaceholders(String.valueOf(raw));
            Matcher indexed = INDEXED.matcher(name);
            if (indexed.matches()) {
                lists.computeIfAbsent(canonical(indexed.group(1)), k -> new TreeMap<>())
                        .put(Integer.parseInt(indexed.group(2)), value);
            } else {
                into.put(canonical(name), value);
            }
        }
        lists.forEach((key, items) -> into.put(key, String.join(",", items.values())));
    }

    /**
     * The schema's spelling of a key written in any of Boot's relaxed forms; a name that
     * matches no key is kept as written, so that validation names it as the user wrote it.
     */
    static String canonical(String name) {
        ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
        for (SettingInfo s : ConfigSchema.settings()) {
            if (!s.key().contains("<") && ConfigurationPropertyName.of(s.key()).equals(adapted)) {
                return s.key();
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(PROFILES)) {
            int dot = name.indexOf('.', PROFILES.length());
            if (dot > 0) {
                ConfigurationPropertyName rest = ConfigurationPropertyName.adapt(name.substring(dot + 1), '.');
                for (String k : ConfigSchema.profileKeys()) {
                    if (ConfigurationPropertyName.of(k).equals(rest)) {
                        return PROFILES + name.substring(PROFILES.length(), dot).toLowerCase(Locale.ROOT) + "." + k;
                    }
                }
            }
        }
        return name;
    }

    /**
     * {@code HELPLINE_*} variables, by the same rule as everywhere: the key in upper case with
     * '.' and '-' as '_'. Variables that share the prefix but are not ours (Kubernetes service
     * links) are skipped; other unknown ones are warned about, not fatal: the environment is
     * shared with other software, unlike a file of our own.
     */
    private static void fromVariables(SystemEnvironmentPropertySource source, Map<String, String> into) {
        Map<String, String> keysByVariable = new LinkedHashMap<>();
        ConfigSchema.settings().stream().filter(s -> s.environmentVariable() != null)
                .forEach(s -> keysByVariable.put(s.environmentVariable(), s.key()));
        for (String name : source.getPropertyNames()) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("HELPLINE_")) {
                continue;
            }
            Object value = source.getProperty(name);
            String key = keysByVariable.get(upper);
            if (key == null && upper.startsWith("HELPLINE_PROFILES_")) {
                key = profileKey(upper.substring("HELPLINE_PROFILES_".length()));
            }
            if (key != null && value != null) {
                into.put(key, String.valueOf(value));
            } else {
                ConfigLoader.unknownVariableWarning(upper).ifPresent(w -> LOG.log(System.Logger.Level.WARNING,
                        "helpline: " + w));
            }
        }
    }

    /** {@code ES_MX_PHONE} is {@code helpline.profiles.es-mx.phone}: the longest profile key that ends it. */
    private static String profileKey(String rest) {
        String best = null;
        String profile = null;
        for (String key : ConfigSchema.profileKeys()) {
            String suffix = "_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (rest.endsWith(suffix) && rest.length() > suffix.length() && (best == null || key.length() > best.length())) {
                best = key;
                profile = rest.substring(0, rest.length() - suffix.length());
            }
        }
        return best == null ? null : PROFILES + profile.toLowerCase(Locale.ROOT).replace('_', '-') + "." + best;
    }

    private static void read(URL url, Map<String, String> into, List<ConfigProblem> problems) {
        try (InputStream in = url.openStream()) {
            load(in, into);
        } catch (IOException e) {
            problems.add(new ConfigProblem("helpline.config", url.toString(), "cannot be read: " + e.getMessage()));
        }
    }

    private static void read(Path path, Map<String, String> into, List<ConfigProblem> problems) {
        if (!Files.isRegularFile(path)) {
            problems.add(new ConfigProblem("helpline.config", path.toString(), "no such file"));
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            load(in, into);
        } catch (IOException e) {
            problems.add(new ConfigProblem("helpline.config", path.toString(), "cannot be read: " + e.getMessage()));
        }
    }

    private static void load(InputStream in, Map<String, String> into) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        p.stringPropertyNames().forEach(n -> into.put(n, p.getProperty(n)));
    }
}
