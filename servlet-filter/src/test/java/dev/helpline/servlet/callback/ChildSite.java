package dev.helpline.servlet.callback;

import dev.helpline.core.callback.TestReceiver;
import dev.helpline.core.config.HelplineConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The site as a separate JVM, for the kill -9 test: {@code ChildSite <storeUrl> <webhookUrl> <portFile>}.
 * Writes its HTTP port to the port file once it accepts requests, then runs until killed.
 */
public final class ChildSite {
    public static void main(String[] args) throws Exception {
        HelplineConfig config = HelplineConfig.fromProperties(Site.props(args[0], Map.of(
                "helpline.callback.webhook.url", args[1],
                "helpline.callback.webhook.secret", TestReceiver.SECRET,
                "helpline.callback.min-fill-time", "0",
                "helpline.callback.rate-limit.per-minute", "100000")));
        Site site = new Site(config, Clock.systemUTC(), true, 0);
        Path tmp = Path.of(args[2] + ".tmp");
        Files.writeString(tmp, Integer.toString(site.port()));
        Files.move(tmp, Path.of(args[2]));
        Thread.currentThread().join();
    }

    private ChildSite() {
    }
}
