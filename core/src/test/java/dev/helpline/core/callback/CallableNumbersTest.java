package dev.helpline.core.callback;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue J §5: only US and Canadian numbers a person can be called back on. Before, premium
 * rate and other NANP countries got 202 and were delivered, and an extension was dropped.
 */
class CallableNumbersTest {
    private final CallbackValidator validator = new CallbackValidator(false, "c", "h", "d");

    private String outcome(String phone) {
        var r = validator.validate(Map.of("phone", phone), "", "", Instant.EPOCH);
        return r instanceof CallbackValidator.Invalid bad ? bad.errors().get(0).code()
                : ((CallbackValidator.Valid) r).request().phone().e164();
    }

    @ParameterizedTest
    @CsvSource({
            "(212) 736-5021,         +12127365021",   // New York, geographic
            "(416) 979-2000,         +14169792000",   // Toronto
            "800-601-3889,           +18006013889",   // toll-free
            "+1 888 555 1212,        +18885551212",   // toll-free
            "+19007361234,           phone.not-callable", // premium rate
            "212-976-1234,           phone.not-callable", // the 976 pay-per-call exchange
            "+18769271234,           phone.not-callable", // Jamaica
            "+12423221234,           phone.not-callable", // Bahamas
            "+15002345678,           phone.not-callable", // personal communication service
            "+442079460000,          phone.not-callable", // United Kingdom
            "212-736-5021 ext 123,   phone.extension",
            "212-736-5021 x123,      phone.extension",
            "12345,                  phone.invalid",
    })
    void validate_numberKinds(String phone, String expected) {
        assertEquals(expected.trim(), outcome(phone.trim()));
    }
}
