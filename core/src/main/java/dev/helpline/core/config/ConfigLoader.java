package dev.helpline.core.config;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Objects;
import java.util.Properties;

/**
 * Loads a {@link HelplineConfig} from its sources, lowest precedence first:
 * <ol>
 *   <li>{@code helpline.properties} on the classpath;</li>
 *   <li>an explicit file: {@link #file(Path)}, else the {@code helpline.config} key from
 *       the sources above and below (a system property, say);</li>
 *   <li>environment variables, {@code HELPLINE_PHONE} for {@code helpline.phone} and so on
 *       ({@code HELPLINE_PROFILES_ES_PHONE} for {@code helpline.profiles.es.phone});</li>
 *   <li>system properties {@code helpline.*}.</li>
 * </ol>
 *
 * <pre>{@code
 * HelplineConfig config = ConfigLoader.standard().file(Path.of("site.properties")).load();
 * }</pre>
 *
 * <p>Each instance is immutable; the {@code with}-style methods answer a copy.
 */
public final class ConfigLoader {
    /** The classpath resource read by default. */
    public static final String RESOURCE = "helpline.properties";
    /** The key (and system property) that names an explicit file. */
    public static final String CONFIG_KEY = "helpline.config";

    private final Map<String, String> defaults;
    private final ClassLoader classLoader;
    private final Path file;
    private final Map<String, String> environment;
    private final Properties systemProperties;

    private ConfigLoader(Map<String, String> defaults, ClassLoader classLoader, Path file, Map<String, String> environment,
                         Properties systemProperties) {
        this.defaults = defaults;
        this.classLoader = classLoader;
        this.file = file;
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** The process's real sources: context class loader, environment, system properties. */
    public static ConfigLoader standard() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new ConfigLoader(Map.of(), cl != null ? cl : ConfigLoader.class.getClassLoader(), null,
                System.getenv(), System.getProperties());
    }

    /**
     * Values below every source: an application's own defaults, which the classpath
     * resource, a file, the environment and system properties may all override.
     */
    public ConfigLoader defaults(Map<String, String> defaults) {
        return new ConfigLoader(Map.copyOf(defaults), classLoader, file, environment, systemProperties);
    }

    /** Reads the classpath resource through this class loader; {@code null} skips the classpath. */
    public ConfigLoader classLoader(ClassLoader classLoader) {
        return new ConfigLoader(defaults, classLoader, file, environment, systemProperties);
    }

    /** Reads this file on top of the classpath resource; {@code null} for none. */
    public ConfigLoader file(Path file) {
        return new ConfigLoader(defaults, classLoader, file, environment, systemProperties);
    }

    /** Uses these environment variables instead of the process's. */
    public ConfigLoader environment(Map<String, String> environment) {
        return new ConfigLoader(defaults, classLoader, file, Map.copyOf(environment), systemProperties);
    }

    /** Uses these system properties instead of the process's. */
    public ConfigLoader systemProperties(Properties systemProperties) {
        Properties copy = new Properties();
        copy.putAll(systemProperties);
        return new ConfigLoader(defaults, classLoader, file, environment, copy);
    }

    /** Whether any source could configure the helpline: used to decide automatic registration. */
    public boolean anySourcePresent() {
        return (classLoader != null && classLoader.getResource(RESOURCE) != null)
                || file != null
                || systemProperties.getProperty(CONFIG_KEY) != null
                || environment.containsKey(SettingInfo.environmentVariableOf(CONFIG_KEY))
                || environment.containsKey(SettingInfo.environmentVariableOf("helpline.phone"))
                || systemProperties.getProperty("helpline.phone") != null;
    }

    /**
     * Reads and validates every source.
     *
     * @throws ConfigException listing every problem, including unreadable files
     */
    public HelplineConfig load() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        if (classLoader != null) {
            URL url = classLoader.getResource(RESOURCE);
            if (url != null) {
                readInto(merged, url, problems);
            }
        }
        Map<String, String> fromEnvironment = fromEnvironment(problems);
        Map<String, String> fromSystem = fromSystemProperties();
        Path explicit = file;
        if (explicit == null) {
            String named = firstNonNull(fromSystem.get(CONFIG_KEY), fromEnvironment.get(CONFIG_KEY), merged.get(CONFIG_KEY));
            if (named != null && !named.isBlank()) {
                explicit = Path.of(named);
            }
        }
        if (explicit != null) {
            readInto(merged, explicit, problems);
        }
        merged.putAll(fromEnvironment);
        merged.putAll(fromSystem);
        HelplineConfig config;
        try {
            config = HelplineConfig.fromProperties(merged);
        } catch (ConfigException e) {
            List<ConfigProblem> all = new ArrayList<>(problems);
            all.addAll(e.problems());
            throw new ConfigException(all);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static final System.Logger LOG = System.getLogger("dev.helpline.config");

    private Map<String, String> fromEnvironment(List<ConfigProblem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> keysByVariable = new LinkedHashMap<>();
        ConfigSchema.settings().stream().filter(s -> s.environmentVariable() != null)
                .forEach(s -> keysByVariable.put(s.environmentVariable(), s.key()));
        environment.forEach((name, value) -> {
            if (!name.startsWith("HELPLINE_")) {
                return;
            }
            String key = keysByVariable.get(name);
            if (key == null && name.startsWith(PROFILE_VARIABLE)) {
                key = profileKey(name.substring(PROFILE_VARIABLE.length()));
            }
            if (key != null) {
                out.put(key, value);
            } else if (!isServiceLink(name)) {
                // The environment is shared with everything else in the process (and the
                // platform's own variables): a stray variable is worth a warning, not a failed start.
                LOG.log(System.Logger.Level.WARNING, "helpline: " + unknownVariableWarning(name, keysByVariable.keySet()));
            }
        });
        return out;
    }

    /**
     * What to say about a {@code HELPLINE_*} environment variable that names no key: nothing
     * (empty) for the variables Kubernetes makes for a Service named {@code helpline}, which
     * are not ours, else a warning naming the nearest known variable. For integrations that
     * read the environment themselves (the Spring Boot starter), so that they follow the same
     * rule as this loader.
     */
    public static java.util.Optional<String> unknownVariableWarning(String name) {
        if (isServiceLink(name)) {
            return java.util.Optional.empty();
        }
        List<String> known = ConfigSchema.settings().stream().map(SettingInfo::environmentVariable)
                .filter(java.util.Objects::nonNull).toList();
        return java.util.Optional.of(unknownVariableWarning(name, known));
    }

    /**
     * Kubernetes gives every pod {@code <SERVICE>_SERVICE_HOST}, {@code <SERVICE>_SERVICE_PORT[_<port name>]}
     * and {@code <SERVICE>_PORT[_<port>_<protocol>[_PROTO|_PORT|_ADDR]]} for each Service in its
     * namespace: a Service named {@code helpline} makes {@code HELPLINE_SERVICE_HOST} and
     * friends, which are not ours and are ignored.
     */
    static boolean isServiceLink(String name) {
        return name.equals("HELPLINE_SERVICE_HOST") || name.equals("HELPLINE_SERVICE_PORT")
                || name.startsWith("HELPLINE_SERVICE_PORT_") || name.equals("HELPLINE_PORT")
                || name.matches("HELPLINE_PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?");
    }

    /** The warning for an unknown {@code HELPLINE_*} variable, with the nearest known one. */
    static String unknownVariableWarning(String name, java.util.Collection<String> known) {
        List<String> candidates = new ArrayList<>(known);
        if (name.startsWith(PROFILE_VARIABLE)) {
            // The profile's name is the variable's own: compare the rest with every profile key.
            String rest = name.substring(PROFILE_VARIABLE.length());
            for (int i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) {
                for (String key : ConfigSchema.profileKeys()) {
                    candidates.add(PROFILE_VARIABLE + rest.substring(0, i) + "_" + SettingInfo.environmentVariableOf(key));
                }
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = ConfigBinder.distance(name, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return "unknown environment variable " + name + " ignored" + (bestDistance <= 3 ? "; did you mean " + best + "?"
                : "; known ones are the keys in upper case with '.' and '-' as '_', e.g. HELPLINE_PHONE or HELPLINE_PROFILES_ES_PHONE");
    }

    private static final String PROFILE_VARIABLE = "HELPLINE_PROFILES_";

    /**
     * The key set by {@code HELPLINE_PROFILES_<rest>}, or {@code null}: {@code rest} is the
     * profile's name and one of its keys, both spelled as variables. A profile name holds
     * only a-z, 0-9 and '-', so each '_' left in the name stands for a '-'
     * ({@code HELPLINE_PROFILES_ES_MX_PHONE} sets {@code helpline.profiles.es-mx.phone}).
     * Where two keys could end the variable, the longer one is meant.
     */
    private static String profileKey(String rest) {
        String best = null;
        String name = null;
        for (String key : ConfigSchema.profileKeys()) {
            String suffix = "_" + SettingInfo.environmentVariableOf(key);
            if (rest.endsWith(suffix) && rest.length() > suffix.length()
                    && (best == null || key.length() > best.length())) {
                best = key;
                name = rest.substring(0, rest.length() - suffix.length());
            }
        }
        return best == null ? null
                : "helpline.profiles." + name.toLowerCase(Locale.ROOT).replace('_', '-') + "." + best;
    }

    private Map<String, String> fromSystemProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("helpline.")) {
                out.put(name, systemProperties.getProperty(name));
            }
        }
        return out;
    }

    private static void readInto(Map<String, String> into, URL url, List<ConfigProblem> problems) {
        try (InputStream in = url.openStream()) {
            load(into, in);
        } catch (IOException e) {
            problems.add(new ConfigProblem(CONFIG_KEY, url.toString(), "cannot be read: " + e.getMessage()));
        }
    }

    private static void readInto(Map<String, String> into, Path path, List<ConfigProblem> problems) {
        if (!Files.isRegularFile(path)) {
            problems.add(new ConfigProblem(CONFIG_KEY, path.toString(), "no such file"));
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            load(into, in);
        } catch (IOException e) {
            problems.add(new ConfigProblem(CONFIG_KEY, path.toString(), "cannot be read: " + e.getMessage()));
        }
    }

    /** Properties files are read as UTF-8: partner texts are often not Latin-1. */
    private static void load(Map<String, String> into, InputStream in) throws IOException {
        Properties p = new Properties();
        try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String name : p.stringPropertyNames()) {
            into.put(name, p.getProperty(name));
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ConfigLoader[file=" + file + ", classLoader=" + Objects.toString(classLoader) + "]";
    }
}
