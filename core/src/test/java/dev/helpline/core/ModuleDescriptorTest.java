package dev.helpline.core;

import dev.helpline.core.html.HtmlRewriter;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** core's module descriptor, as compiled: only the API packages are exported. */
class ModuleDescriptorTest {
    private static final ModuleDescriptor CORE = ModuleDescriptors.of(HtmlRewriter.class);

    @Test
    void exportsTheApiPackagesToEveryone_andNothingElse() {
        assertEquals("dev.helpline.core", CORE.name());
        assertEquals(Map.of(
                "dev.helpline.core.callback", Set.of(),
                "dev.helpline.core.config", Set.of(),
                "dev.helpline.core.html", Set.of(),
                "dev.helpline.core.phone", Set.of(),
                "dev.helpline.core.render", Set.of()), ModuleDescriptors.exports(CORE));
    }

    @Test
    void internalPackages_areTheOnlyOnesLeftOut() {
        Set<String> hidden = new TreeSet<>(CORE.packages());
        hidden.removeAll(ModuleDescriptors.exports(CORE).keySet());
        assertEquals(Set.of("dev.helpline.core.callback.internal", "dev.helpline.core.html.internal"), hidden);
    }

    @Test
    void onlyTheConfigurationIsOpened_toJacksonAlone() {
        assertEquals(Map.of("dev.helpline.core.config", Set.of("com.fasterxml.jackson.databind")),
                CORE.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
    }

    @Test
    void resolvesWithItsDependencies_underTheirModuleNames() {
        Set<String> resolved = ModuleDescriptors.resolve("dev.helpline.core", ModuleDescriptors.home(HtmlRewriter.class));
        for (String name : Set.of("com.google.i18n.phonenumbers.libphonenumber", "com.fasterxml.jackson.databind",
                "com.fasterxml.jackson.dataformat.javaprop", "com.zaxxer.hikari", "io.github.bucket4j.core",
                "io.github.bucket4j.postgresql")) {
            assertTrue(resolved.contains(name), name + " in " + resolved);
        }
        // the JDK's own modules come from the boot layer the configuration was resolved on
        Set<String> fromTheJdk = new TreeSet<>();
        CORE.requires().stream().map(ModuleDescriptor.Requires::name).filter(n -> n.startsWith("java."))
                .forEach(fromTheJdk::add);
        assertEquals(Set.of("java.base", "java.naming", "java.net.http", "java.sql"), fromTheJdk);
    }
}
