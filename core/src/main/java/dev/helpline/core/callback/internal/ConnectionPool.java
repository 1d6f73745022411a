package dev.helpline.core.callback.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A small, bounded JDBC connection pool: enough for the outbox's short transactions,
 * without pulling a pool library into the host's classpath. Not part of the API.
 *
 * <p>A connection that saw an error is closed rather than returned. Thread safe.
 */
public final class ConnectionPool implements AutoCloseable {
    private final String url;
    private final Properties props;
    private final int max;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    public ConnectionPool(String url, String user, String password, int max) {
        this.url = url;
        this.props = new Properties();
        if (!user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        this.max = max;
    }

    /** A connection with auto-commit off. Waits up to 10 s for one to be free. */
    public Connection borrow() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new SQLException("the callback store is closed");
                }
                Connection c = idle.pollFirst();
                if (c != null) {
                    return c;
                }
                if (open < max) {
                    open++;
                    break;
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    throw new SQLException("no free connection to the callback store within 10 s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a connection", e);
                }
            }
        }
        try {
            Connection c = DriverManager.getConnection(url, props);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                open--;
                notifyAll();
            }
            throw e;
        }
    }

    /** Gives a connection back; {@code broken} ones (after an error) are closed. */
    public void release(Connection c, boolean broken) {
        boolean close;
        synchronized (this) {
            close = broken || closed;
            if (close) {
                open--;
            } else {
                idle.addFirst(c);
            }
            notifyAll();
        }
        if (close) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already unusable
            }
        }
    }

    @Override
    public void close() {
        Deque<Connection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            open -= idle.size();
            idle.clear();
            notifyAll();
        }
        for (Connection c : toClose) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
