package dev.helpline.servlet.compat;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embedded Tomcat: 11 on the default test classpath, 10.1 in the {@code tomcat10} surefire
 * execution (same API, the jar swapped underneath).
 */
final class TomcatContainer implements Container {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private Tomcat tomcat;

    @Override
    public int start(App app) throws Exception {
        tomcat = new Tomcat();
        Path base = Path.of("target", "tomcat-compat", ServerInfo.getServerNumber() + "-" + COUNT.incrementAndGet());
        Files.createDirectories(base.resolve("webapps"));
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setPort(0);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        if (app.compression) {
            connector.setProperty("compression", "on");
            connector.setProperty("compressionMinSize", "1");
        }

        if (app.webapp != null) {
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Context ctx = tomcat.addWebapp("", app.webapp.toAbsolutePath().toString());
            Tomcat.addDefaultMimeTypeMappings(ctx);
            Wrapper files = Tomcat.addServlet(ctx, "default", new DefaultServlet());
            files.addInitParameter("listings", "false");
            ctx.addServletMappingDecoded("/", "default");
        } else {
            Path docBase = app.docroot != null ? app.docroot : base.resolve("empty");
            Files.createDirectories(docBase);
            Context ctx = tomcat.addContext("", docBase.toAbsolutePath().toString());
            Tomcat.addDefaultMimeTypeMappings(ctx);
            if (app.initializer != null) {
                ctx.addServletContainerInitializer(app.initializer, null);
            }
            if (app.filter != null) {
                FilterDef def = new FilterDef();
                def.setFilterName("helpline");
                def.setFilter(app.filter);
                def.setAsyncSupported("true");
                ctx.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName("helpline");
                map.addURLPattern("/*");
                app.dispatch.forEach(d -> map.setDispatcher(d.name()));
                ctx.addFilterMap(map);
            }
            int n = 0;
            for (var e : app.servlets.entrySet()) {
                String name = "s" + n++;
                Wrapper w = Tomcat.addServlet(ctx, name, e.getValue());
                w.setAsyncSupported(true);
                ctx.addServletMappingDecoded(e.getKey(), name);
            }
            if (app.docroot != null) {
                Wrapper files = Tomcat.addServlet(ctx, "default", new DefaultServlet());
                files.addInitParameter("listings", "false");
                files.setAsyncSupported(true);
                ctx.addServletMappingDecoded("/", "default");
            }
            app.errorPages.forEach((code, path) -> {
                ErrorPage page = new ErrorPage();
                page.setErrorCode(code);
                page.setLocation(path);
                ctx.addErrorPage(page);
            });
        }
        tomcat.start();
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public String version() {
        return "tomcat-" + ServerInfo.getServerNumber().replaceAll("\\.0$", "");
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
