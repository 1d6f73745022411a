package dev.helpline.servlet.compat;

/** A real servlet container on 127.0.0.1 and a free port. */
interface Container extends AutoCloseable {
    /** Starts the app; answers the port. */
    int start(App app) throws Exception;

    /** The container's name and exact version, e.g. {@code tomcat-11.0.14}. */
    String version();

    @Override
    void close() throws Exception;
}
