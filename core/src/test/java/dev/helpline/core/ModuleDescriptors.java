package dev.helpline.core;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a module of ours as the build compiled it (its {@code module-info.class} beside its
 * classes) and resolves it against the jars of the test's class path: the tests run on the
 * class path, so this is where the module's descriptor is checked.
 */
public final class ModuleDescriptors {
    private ModuleDescriptors() {
    }

    /** Where the class's module was compiled to (a directory of classes, or a jar). */
    public static Path home(Class<?> anyClassOfTheModule) {
        try {
            return Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compiled descriptor of the module {@code anyClassOfTheModule} belongs to. */
    public static ModuleDescriptor of(Class<?> anyClassOfTheModule) {
        Set<ModuleReference> found = ModuleFinder.of(home(anyClassOfTheModule)).findAll();
        if (found.size() != 1 || found.iterator().next().descriptor().isAutomatic()) {
            throw new AssertionError("no compiled module-info.class for " + home(anyClassOfTheModule));
        }
        return found.iterator().next().descriptor();
    }

    /** Exported package → the modules it is exported to (empty: to every module). */
    public static Map<String, Set<String>> exports(ModuleDescriptor d) {
        Map<String, Set<String>> out = new TreeMap<>();
        d.exports().forEach(e -> out.put(e.source(), new TreeSet<>(e.targets())));
        return out;
    }

    /**
     * Resolves {@code root} (at {@code home}) with the class path's jars and our other
     * modules as the modules they are (their descriptors, or the names their manifests or
     * file names give them): every {@code requires} must name a module that is there, and
     * the graph must resolve (no split packages, nothing missing), as it does for an
     * application that puts these jars on its module path.
     *
     * @param ours the homes of our other modules the root needs (their compiled classes)
     * @return the names of the modules resolved
     */
    public static Set<String> resolve(String root, Path home, Path... ours) {
        Map<String, Path> byName = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isRegularFile(p) || !entry.endsWith(".jar")) {
                continue;
            }
            try {
                ModuleFinder.of(p).findAll().forEach(r -> byName.putIfAbsent(r.descriptor().name(), p));
            } catch (FindException e) {
                // a jar with no valid module name cannot be required by name anyway
            }
        }
        for (Path p : ours) {
            ModuleFinder.of(p).findAll().forEach(r -> byName.put(r.descriptor().name(), p));
        }
        byName.put(root, home);
        // Only what the root needs, followed through explicit descriptors: an automatic
        // module reads every other one, so unrelated jars must not be in the finder.
        Set<Path> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(Set.of(root));
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name) || ModuleFinder.ofSystem().find(name).isPresent()) {
                continue;
            }
            Path p = byName.get(name);
            if (p == null) {
                throw new AssertionError("module " + name + " (required on the way from " + root + ") is not on the class path");
            }
            needed.add(p);
            Optional<ModuleReference> ref = ModuleFinder.of(p).find(name);
            ref.orElseThrow().descriptor().requires().stream()
                    .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                    .forEach(r -> todo.push(r.name()));
        }
        Configuration c = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(needed.toArray(Path[]::new)), ModuleFinder.of(), Set.of(root));
        Set<String> names = new TreeSet<>();
        c.modules().forEach(m -> names.add(m.name()));
        return names;
    }
}
