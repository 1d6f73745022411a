package dev.helpline.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The charset a Content-Type declares, read in place: the same answers as splitting it at ';' and trimming. */
class DeclaredCharsetTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "text/html|NULL",
            "text/html;charset=utf-8|utf-8",
            "text/html; charset=\"ISO-8859-1\"|ISO-8859-1",
            "text/html;CHARSET= UTF-8 |UTF-8",
            "text/html;charset=|NULL",
            "text/html;charset=\"\"|NULL",
            "text/html; foo=bar ; charset=windows-1252 ; x=y|windows-1252",
            ";;charset=a;|a",
            "charset=x|x",
            "text/html;charset=\"a|\"a",
            "text/html; charset = x|NULL",
            "text/html;charset=a;charset=b|a",
            "''|NULL",
    })
    void declaredCharset_asSplitAndTrimmedWouldRead(String contentType, String expected) {
        assertEquals(expected, ResponseSelector.declaredCharset(contentType.equals("''") ? "" : contentType));
    }
}
