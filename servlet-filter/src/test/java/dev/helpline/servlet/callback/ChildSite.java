package dev.helpline.servlet.callback;

import dev.helpline.core.callback.TestReceiver;
import dev.helpline.core.config.HelplineConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The site as a separate JVM, for the kill -9 tests:
 * {@code ChildSite <storeUrl> <webhookUrl> <portFile> [perMinute]}. Writes its HTTP port to
 * the port file once it accepts requests, then runs until killed. With {@code perMinute}, it
 * is one of several instances behind a proxy on this host: that per-IP limit, 127.0.0.1
 * trusted for {@code X-Forwarded-For}, and no configured token secret (the store's is used).
 */
public final class ChildSite {
    public static void main(String[] args) throws Exception {
        Map<String, String> props = Site.props(args[0], Map.of(
                "helpline.callback.webhook.url", args[1],
                "helpline.callback.webhook.secret", TestReceiver.SECRET,
                "helpline.callback.min-fill-time", "0",
                "helpline.admin.token", DataRightsEndpointTest.ADMIN_TOKEN,
                "helpline.callback.rate-limit.per-minute", args.length > 3 ? args[3] : "100000"));
        if (args.length > 3) {
            props.put("helpline.callback.trusted-proxies", "127.0.0.1");
            props.put("helpline.callback.rate-limit.per-phone-per-hour", "1000");
            props.remove("helpline.callback.token.secret");
        }
        Site site = new Site(HelplineConfig.fromProperties(props), Clock.systemUTC(), true, 0);
        Path tmp = Path.of(args[2] + ".tmp");
        Files.writeString(tmp, Integer.toString(site.port()));
        Files.move(tmp, Path.of(args[2]));
        Thread.currentThread().join();
    }

    private ChildSite() {
    }
}
