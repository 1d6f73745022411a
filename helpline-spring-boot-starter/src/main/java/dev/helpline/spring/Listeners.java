package dev.helpline.spring;

import dev.helpline.core.html.Outcome;
import dev.helpline.servlet.HelplineListener;

import java.time.Duration;
import java.util.List;

/** Several listeners heard as one, in order. */
final class Listeners implements HelplineListener {
    private final List<HelplineListener> all;

    private Listeners(List<HelplineListener> all) {
        this.all = all;
    }

    static HelplineListener of(List<HelplineListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> HelplineListener.NONE;
            case 1 -> listeners.get(0);
            default -> new Listeners(List.copyOf(listeners));
        };
    }

    @Override
    public void pageFinished(Outcome outcome, int numbersLinked, int boxesPlaced) {
        all.forEach(l -> l.pageFinished(outcome, numbersLinked, boxesPlaced));
    }

    @Override
    public void callbackAnswered(String result, int status) {
        all.forEach(l -> l.callbackAnswered(result, status));
    }

    @Override
    public void deliveryAttempted(boolean delivered, Duration latency, String error) {
        all.forEach(l -> l.deliveryAttempted(delivered, latency, error));
    }
}
