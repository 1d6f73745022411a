package dev.helpline.servlet;

import dev.helpline.core.html.Outcome;

import java.time.Duration;

/**
 * What the filter tells about its work, for metrics and logs: each page it rewrote or let
 * pass, each answer of the callback form, each delivery attempt. The Spring Boot starter
 * turns these into Micrometer meters; a plain WAR can register its own through
 * {@link HelplineFilter#HelplineFilter(dev.helpline.core.config.HelplineConfig, javax.sql.DataSource, HelplineListener)}.
 *
 * <pre>{@code
 * HelplineListener counting = new HelplineListener() {
 *     public void pageFinished(Outcome outcome, int numbersLinked, int boxesPlaced) {
 *         pages.merge(outcome, 1L, Long::sum);
 *     }
 * };
 * }</pre>
 *
 * <p>Methods are called on the threads doing the work (request threads, the delivery
 * thread): they must be quick, thread safe and must not throw. Every method does nothing
 * by default.
 */
public interface HelplineListener {
    /** Listens to nothing. */
    HelplineListener NONE = new HelplineListener() {
    };

    /**
     * An HTML page (status 200, {@code text/html}) went through the rewriter.
     *
     * @param outcome       {@link Outcome#INJECTED}, or why the page passed through unchanged
     * @param numbersLinked how many of the helpline's numbers in its text became links
     * @param boxesPlaced   how many call-to-action boxes went into it
     */
    default void pageFinished(Outcome outcome, int numbersLinked, int boxesPlaced) {
    }

    /**
     * The callback form's endpoint answered.
     *
     * @param result what became of the submission: {@code accepted}, {@code spam} (answered
     *               as accepted), {@code token-missing}, {@code token-forged},
     *               {@code token-expired}, {@code token-too-fast}, {@code invalid},
     *               {@code rate-limited} (429), {@code unavailable} (503), or
     *               {@code refused} for a request refused before its fields were read
     *               (cross-site, too large, wrong method or media type: see the status)
     * @param status the HTTP status of the answer
     */
    default void callbackAnswered(String result, int status) {
    }

    /**
     * One delivery attempt to the operator's webhook ended.
     *
     * @param delivered whether the operator answered 2xx
     * @param latency   from sending to the answer or the failure
     * @param error     what went wrong, {@code null} when delivered
     */
    default void deliveryAttempted(boolean delivered, Duration latency, String error) {
    }
}
