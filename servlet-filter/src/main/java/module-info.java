/**
 * The helpline widget for Jakarta Servlet 6.0 containers: the filter, its initializer and
 * the endpoints it answers. Only {@code dev.helpline.servlet} is exported.
 */
module dev.helpline.servlet {
    requires transitive dev.helpline.core;
    // The container provides it; the filter's API (Filter, the requests) is made of it.
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports dev.helpline.servlet;

    provides jakarta.servlet.ServletContainerInitializer with dev.helpline.servlet.HelplineInitializer;
}
