package dev.helpline.servlet;

import dev.helpline.core.ModuleDescriptors;
import dev.helpline.core.html.HtmlRewriter;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** servlet-filter's module descriptor, as compiled: one exported package, the initializer as a service. */
class ModuleDescriptorTest {
    private static final ModuleDescriptor FILTER = ModuleDescriptors.of(HelplineFilter.class);

    @Test
    void exportsOnlyTheFilterPackage() {
        assertEquals("dev.helpline.servlet", FILTER.name());
        assertEquals(Map.of("dev.helpline.servlet", Set.of()), ModuleDescriptors.exports(FILTER));
        assertTrue(FILTER.opens().isEmpty(), FILTER.opens().toString());
    }

    @Test
    void providesTheInitializer_andReadsCoreAndServletTransitively() {
        assertEquals(1, FILTER.provides().size());
        ModuleDescriptor.Provides p = FILTER.provides().iterator().next();
        assertEquals("jakarta.servlet.ServletContainerInitializer", p.service());
        assertEquals(java.util.List.of(HelplineInitializer.class.getName()), p.providers());
        for (String name : Set.of("dev.helpline.core", "jakarta.servlet")) {
            assertTrue(FILTER.requires().stream().anyMatch(r -> r.name().equals(name)
                    && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), name + ": " + FILTER.requires());
        }
    }

    @Test
    void resolvesWithCoreAndTheServletApi_withoutCoresInternalPackages() {
        // The compatibility matrix's Tomcat runs (only its compat tests, unless -Dtest names
        // this one) swap the Servlet API jar for Tomcat's, which is not the module jakarta.servlet.
        org.junit.jupiter.api.Assumptions.assumeFalse("tomcat".equals(System.getProperty("matrix.containers")),
                "the Servlet API jar (module jakarta.servlet) is not on this execution's class path");
        Set<String> resolved = ModuleDescriptors.resolve("dev.helpline.servlet", ModuleDescriptors.home(HelplineFilter.class),
                ModuleDescriptors.home(HtmlRewriter.class));
        assertTrue(resolved.containsAll(Set.of("dev.helpline.core", "jakarta.servlet", "com.fasterxml.jackson.databind")),
                resolved.toString());
        // Compiled against core's descriptor: had the filter used an internal package of
        // core, javac would have refused it, so this only pins that no qualified export let it.
        assertTrue(ModuleDescriptors.of(HtmlRewriter.class).exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
    }
}
