package dev.helpline.core.callback.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.helpline.core.callback.MissingDriverException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;

/**
 * Where the outbox's connections come from: a container's JNDI {@link DataSource}, or a
 * HikariCP pool on a JDBC URL. Not part of the API.
 *
 * <p>The JDBC driver of a URL is loaded through the class loader given (the web
 * application's): drivers in {@code WEB-INF/lib} are invisible to {@code DriverManager}'s
 * own lookup on containers that initialise it before any web application starts (Tomcat
 * does, to prevent memory leaks). What a web application registered is deregistered
 * again by {@link #deregisterDrivers(ClassLoader)} when it stops.
 */
public final class StoreDataSources {
    private static final System.Logger LOG = System.getLogger("dev.helpline.callback");

    private StoreDataSources() {
    }

    /**
     * The container's DataSource bound at {@code name}. A name without a scheme is looked
     * up under {@code java:comp/env/} first (Tomcat's and Jetty's resource references),
     * then as given.
     *
     * @throws IllegalStateException naming the key and the name when nothing usable is bound there
     */
    public static DataSource lookup(String name) {
        try {
            InitialContext ctx = new InitialContext();
            Object found = null;
            NamingException first = null;
            if (!name.contains(":")) {
                try {
                    found = ctx.lookup("java:comp/env/" + name);
                } catch (NamingException e) {
                    first = e;
                }
            }
            if (found == null) {
                try {
                    found = ctx.lookup(name);
                } catch (NamingException e) {
                    throw new IllegalStateException("helpline.callback.store.jndi = '" + name + "': nothing is bound there ("
                            + (first != null ? first : e) + ")", e);
                }
            }
            if (!(found instanceof DataSource ds)) {
                throw new IllegalStateException("helpline.callback.store.jndi = '" + name + "': bound to a "
                        + found.getClass().getName() + ", not a javax.sql.DataSource");
            }
            return ds;
        } catch (NamingException e) {
            throw new IllegalStateException("helpline.callback.store.jndi = '" + name + "': no JNDI naming context ("
                    + e.getMessage() + "); is the container's JNDI support enabled?", e);
        }
    }

    /**
     * A pool of at most {@code maxConnections} on a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL,
     * its driver loaded through {@code loader}. Close it to end its connections and threads.
     *
     * @throws MissingDriverException when the driver class is not on {@code loader}'s classpath
     * @throws IllegalStateException  when the database cannot be reached
     */
    public static HikariDataSource pool(String url, String user, String password, ClassLoader loader, int maxConnections) {
        String driverClass = driverClassOf(url);
        try {
            Class.forName(driverClass, true, loader);
        } catch (ClassNotFoundException e) {
            throw new MissingDriverException(missingDriverMessage(url, driverClass), driverClass);
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("helpline-callback-store");
        hc.setJdbcUrl(url);
        hc.setDriverClassName(driverClass);
        if (!user.isEmpty()) {
            hc.setUsername(user);
        }
        if (!password.isEmpty()) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(maxConnections);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        // Hikari loads the driver through the thread's context class loader: make it the one given.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The driver class of a supported JDBC URL. */
    static String driverClassOf(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("only jdbc:h2: and jdbc:postgresql: URLs are supported");
    }

    private static String missingDriverMessage(String url, String driverClass) {
        String artifact = driverClass.startsWith("org.h2.") ? "com.h2database:h2" : "org.postgresql:postgresql";
        return "no JDBC driver for the callback store (" + driverClass + " is not on the classpath). Add the "
                + artifact + " dependency to the web application (WEB-INF/lib), or point helpline.callback.store.jndi"
                + " at a container DataSource; helpline.callback.store.url is "
                + url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * Deregisters the JDBC drivers that {@code webapp} loaded, so that a stopped web
     * application leaves nothing in {@code DriverManager}. Does nothing for the system and
     * platform class loaders (an embedded server, a test): their drivers belong to the process.
     */
    public static void deregisterDrivers(ClassLoader webapp) {
        if (webapp == null || webapp == ClassLoader.getSystemClassLoader() || webapp == ClassLoader.getPlatformClassLoader()) {
            return;
        }
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() != webapp) {
                continue;
            }
            try {
                DriverManager.deregisterDriver(d);
                LOG.log(System.Logger.Level.DEBUG, "deregistered JDBC driver {0}", d.getClass().getName());
            } catch (SQLException | SecurityException e) {
                LOG.log(System.Logger.Level.WARNING, "could not deregister JDBC driver " + d.getClass().getName() + ": " + e);
            }
        }
    }
}
