package dev.helpline.core.callback;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Set;

/**
 * Which submitted numbers the operator may call back: US and Canadian numbers that reach a
 * person, as libphonenumber's metadata classifies them. Everything else sharing the +1
 * country code is refused: premium-rate (900), personal-communication (500/5XX, which
 * follow a person to whoever pays for the forwarding), and the other NANP countries
 * (Jamaica's 876, the Bahamas' 242, …), since an unexpected international callback is how
 * toll fraud works. An extension is refused rather than dropped: calling the main number
 * would reach someone other than the person who asked.
 */
final class CallableNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Set<String> REGIONS = Set.of("US", "CA");
    private static final Set<PhoneNumberUtil.PhoneNumberType> TYPES = Set.of(
            PhoneNumberUtil.PhoneNumberType.FIXED_LINE,
            PhoneNumberUtil.PhoneNumberType.MOBILE,
            PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            PhoneNumberUtil.PhoneNumberType.TOLL_FREE);
    /**
     * The 976 exchange was the local pay-per-call service across the NANP; libphonenumber
     * files it under the area code's ordinary type, so it is named here.
     */
    private static final String PAY_PER_CALL_EXCHANGE = "976";

    private CallableNumbers() {
    }

    /**
     * {@code null} when the text is a callable US or Canadian number (or not a number at
     * all: {@link dev.helpline.core.phone.PhoneNumber} says so), else the error to show.
     */
    static FieldError check(String text) {
        Phonenumber.PhoneNumber n;
        try {
            n = UTIL.parse(text, "US");
        } catch (NumberParseException e) {
            return null;
        }
        if (n.hasExtension() && !n.getExtension().isEmpty()) {
            return FieldError.PHONE_EXTENSION;
        }
        if (n.getCountryCode() != 1) {
            return FieldError.PHONE_NOT_CALLABLE;
        }
        if (!UTIL.isValidNumber(n)) {
            return null; // an invalid NANP number: PHONE_INVALID, from the ordinary parse
        }
        String region = UTIL.getRegionCodeForNumber(n);
        PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(n);
        String national = Long.toString(n.getNationalNumber());
        boolean payPerCall = type != PhoneNumberUtil.PhoneNumberType.TOLL_FREE && national.length() == 10
                && national.startsWith(PAY_PER_CALL_EXCHANGE, 3);
        if (!REGIONS.contains(region) || !TYPES.contains(type) || payPerCall) {
            return FieldError.PHONE_NOT_CALLABLE;
        }
        return null;
    }
}
