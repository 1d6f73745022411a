package dev.helpline.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

import java.nio.ByteBuffer;
import java.util.EnumSet;

/** A real Jetty 12 server with a socket-free connector, for asserting raw HTTP responses. */
final class JettyHarness implements AutoCloseable {
    final Server server = new Server();
    final LocalConnector connector = new LocalConnector(server);
    final ServletContextHandler context = new ServletContextHandler("/");

    JettyHarness(Filter filter, HttpServlet servlet) throws Exception {
        this(filter, servlet, ctx -> { });
    }

    /** @param customizer changes the context before the server starts */
    JettyHarness(Filter filter, HttpServlet servlet, java.util.function.Consumer<ServletContextHandler> customizer)
            throws Exception {
        server.addConnector(connector);
        customizer.accept(context);
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(servlet), "/");
        server.setHandler(context);
        server.start();
    }

    /** Sends a raw request; answers the parsed raw response. */
    HttpTester.Response request(String rawRequest) throws Exception {
        ByteBuffer out = connector.getResponse(BufferUtil.toBuffer(rawRequest));
        return HttpTester.parseResponse(out);
    }

    HttpTester.Response get(String path) throws Exception {
        return request("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class BufferUtil {
        static ByteBuffer toBuffer(String s) {
            return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
