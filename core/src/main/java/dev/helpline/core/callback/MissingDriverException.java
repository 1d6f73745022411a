package dev.helpline.core.callback;

/**
 * The callback store cannot be opened because the JDBC driver its URL needs is not on the
 * classpath ({@link CallbackService#start}): the form is left out and the message says
 * which dependency to add.
 */
public final class MissingDriverException extends IllegalStateException {
    private final String driverClass;

    public MissingDriverException(String message, String driverClass) {
        super(message);
        this.driverClass = driverClass;
    }

    /** The driver class that was looked for. */
    public String driverClass() {
        return driverClass;
    }
}
