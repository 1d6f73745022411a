package dev.helpline.core.callback.internal;

import dev.helpline.core.callback.MissingDriverException;
import org.junit.jupiter.api.Test;

import javax.naming.NamingException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreDataSourcesTest {
    /** A web application's class loader without any driver in it. */
    private static ClassLoader withoutDrivers() {
        return new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
    }

    @Test
    void pool_noDriverOnTheLoader_namesTheDependencyAndTheAlternative() {
        MissingDriverException e = assertThrows(MissingDriverException.class,
                () -> StoreDataSources.pool("jdbc:h2:mem:x", "", "", withoutDrivers(), 1));
        assertEquals("org.h2.Driver", e.driverClass());
        assertTrue(e.getMessage().contains("com.h2database:h2"), e.getMessage());
        assertTrue(e.getMessage().contains("helpline.callback.store.jndi"), e.getMessage());

        e = assertThrows(MissingDriverException.class,
                () -> StoreDataSources.pool("jdbc:postgresql://db/x?password=hunter2", "", "", withoutDrivers(), 1));
        assertTrue(e.getMessage().contains("org.postgresql:postgresql"), e.getMessage());
        assertTrue(e.getMessage().contains("password=***") && !e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void pool_driverOnTheLoader_connects() throws Exception {
        try (var ds = StoreDataSources.pool("jdbc:h2:mem:store-ds-test", "", "", getClass().getClassLoader(), 2);
             Connection c = ds.getConnection()) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void lookup_withoutANamingContext_saysWhichKeyAndName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreDataSources.lookup("jdbc/helpline"));
        assertTrue(e.getMessage().startsWith("helpline.callback.store.jndi = 'jdbc/helpline'"), e.getMessage());
        assertTrue(e.getCause() instanceof NamingException, String.valueOf(e.getCause()));
    }
}
