package dev.helpline.core.callback;

/**
 * Counters since the service started: what submissions came to, and deliveries.
 *
 * @param accepted       stored requests
 * @param spam           honeypot hits (answered as success, nothing stored)
 * @param tokenRejected  missing, forged, expired or too fast tokens
 * @param invalid        validation failures
 * @param rateLimited    refused by the per-IP limit (429), or held back by the per-number limit
 *                       (answered as accepted, nothing stored)
 * @param unavailable    store failures
 * @param delivered      requests delivered
 * @param failedAttempts failed delivery attempts
 */
public record CallbackStats(long accepted, long spam, long tokenRejected, long invalid, long rateLimited,
                            long unavailable, long delivered, long failedAttempts) {
}
