/**
 * The helpline widget without the Servlet API: configuration, phone numbers, rendering, the
 * streaming HTML rewriter and the callback form's server side. Only the API packages are
 * exported; {@code html.internal} and {@code callback.internal} are the rewriter's and the
 * store's own.
 */
// libphonenumber and Bucket4j have no descriptor, only an Automatic-Module-Name: requiring
// them by that name is the way, and javac's warning about it says nothing new.
@SuppressWarnings("requires-automatic")
module dev.helpline.core {
    // In the API: DataSource (CallbackService.start) and Jackson's trees (the receipts, the store's payloads).
    requires transitive java.sql;
    requires transitive com.fasterxml.jackson.databind;
    requires java.naming;
    requires java.net.http;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.javaprop;
    requires com.google.i18n.phonenumbers.libphonenumber;
    requires com.zaxxer.hikari;
    requires io.github.bucket4j.core;
    requires io.github.bucket4j.postgresql;
    // No requires for the JDBC drivers (H2, PostgreSQL): they are optional, and loaded by
    // class name through the web application's class loader.

    exports dev.helpline.core.callback;
    exports dev.helpline.core.config;
    exports dev.helpline.core.html;
    exports dev.helpline.core.phone;
    exports dev.helpline.core.render;

    // The configuration's raw form (package-private records) is bound by Jackson.
    opens dev.helpline.core.config to com.fasterxml.jackson.databind;
}
