package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one number grammar of data files: decimals as people write them, none of Java's extras. */
class DecimalTextTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "7, 7", "-3, -3", "+2.5, 2.5", ".5, 0.5", "5., 5", "1e3, 1000", "1E-2, 0.01",
            "-0.25e+1, -2.5", "007, 7"})
    void readsDecimals(String text, float value) {
        assertEquals(value, DecimalText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0", "255", "-255", "0000001", "9999999", "-9999999", "10000000", "16777217",
            "123456789", "-0000000"})
    void wholeNumbersReadBitForBitAsJavasParserReadsThem(String text) {
        assertEquals(Float.floatToRawIntBits(Float.parseFloat(text)), Float.floatToRawIntBits(DecimalText.parse(text)),
                text);
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN", "nan, NaN", "inf, Infinity", "-Infinity, -Infinity", "+INF, Infinity"})
    void namesNonFiniteValuesSoCallersCanRefuseThem(String text, float value) {
        assertEquals(value, DecimalText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5f", "1d", "0x1p3", "1_000", "", " 1", "1 ", ".", "-", "e5", "1e", "1e+", "++1",
            "1.2.3", "１", "٣", "0x10", "Infinityx", "nanx", "1,5", "+-1", "-", "1-"})
    void refusesEverythingElse(String text) {
        assertThrows(NumberFormatException.class, () -> DecimalText.parse(text));
    }
}
