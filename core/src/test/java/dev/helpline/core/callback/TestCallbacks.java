package dev.helpline.core.callback;

import dev.helpline.core.config.HelplineConfig;

import java.time.Clock;

/**
 * What tests (here and in the modules that use core's test jar) need of a
 * {@link CallbackService} beyond its public face: a clock of their own, and delivery run by
 * hand instead of in the background.
 */
public final class TestCallbacks {
    private TestCallbacks() {
    }

    /**
     * A service on this clock; with {@code deliverInBackground} false nothing is delivered
     * until {@link #deliverDue} is called.
     */
    public static CallbackService start(HelplineConfig config, Clock clock, boolean deliverInBackground) {
        return CallbackService.start(config, clock, deliverInBackground, null, DeliveryListener.NONE);
    }

    /** Runs one delivery round of the service's worker now; how many deliveries it attempted. */
    public static int deliverDue(CallbackService service) {
        return service.worker().runOnce();
    }
}
