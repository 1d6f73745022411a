package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tokenizer's states are int constants, and its predicates ({@link Tokenizer#inTag} and
 * the others) test ranges of them: this pins, state by state and by name, which states each
 * predicate takes, so that a state added or moved in the list fails here, not on a page.
 */
class TokenizerStatesTest {

    /** Every state constant, by name. */
    private static Map<String, Integer> states() throws IllegalAccessException {
        Map<String, Integer> states = new TreeMap<>();
        for (Field f : Tokenizer.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m) && f.getType() == int.class
                    && !f.getName().endsWith("_MAX")) {
                states.put(f.getName(), f.getInt(null));
            }
        }
        return states;
    }

    private static void takes(IntPredicate predicate, Set<String> expected) throws IllegalAccessException {
        for (Map.Entry<String, Integer> e : states().entrySet()) {
            assertEquals(expected.contains(e.getKey()), predicate.test(e.getValue()), e.getKey());
        }
    }

    private static final Set<String> TAG = Set.of("TAG_NAME", "BEFORE_ATTR_NAME", "ATTR_NAME", "AFTER_ATTR_NAME",
            "BEFORE_ATTR_VALUE", "ATTR_VALUE_DQ", "ATTR_VALUE_SQ", "ATTR_VALUE_UQ", "AFTER_ATTR_VALUE_Q", "SELF_CLOSING");

    @Test
    void statesAreDistinct_andNumberedFromZeroWithoutGaps() throws IllegalAccessException {
        // tables indexed by state (the skip masks) are sized by the last one
        Map<String, Integer> states = states();
        assertEquals(45, states.size(), states.toString());
        assertEquals(Set.copyOf(states.values()).size(), states.size(), "distinct");
        for (int v : states.values()) {
            assertTrue(v >= 0 && v <= Tokenizer.SCRIPT_DESC_END, v + " in 0.." + Tokenizer.SCRIPT_DESC_END);
        }
        assertEquals(0, Tokenizer.DATA);
    }

    @Test
    void inTag_isTheNameAndAttributeStates() throws IllegalAccessException {
        takes(Tokenizer::inTag, TAG);
    }

    @Test
    void inAttributes_isThoseAfterTheName() throws IllegalAccessException {
        takes(Tokenizer::inAttributes, Set.of("BEFORE_ATTR_NAME", "ATTR_NAME", "AFTER_ATTR_NAME", "BEFORE_ATTR_VALUE",
                "ATTR_VALUE_DQ", "ATTR_VALUE_SQ", "ATTR_VALUE_UQ", "AFTER_ATTR_VALUE_Q", "SELF_CLOSING"));
    }

    @Test
    void inAttributeValue_isTheThreeValueStates() throws IllegalAccessException {
        takes(Tokenizer::inAttributeValue, Set.of("ATTR_VALUE_DQ", "ATTR_VALUE_SQ", "ATTR_VALUE_UQ"));
    }

    @Test
    void pastTagOpen_isTheTagStatesAndEndTagOpen() throws IllegalAccessException {
        Set<String> expected = new java.util.HashSet<>(TAG);
        expected.add("END_TAG_OPEN");
        takes(Tokenizer::pastTagOpen, expected);
    }

    @Test
    void inComment_isCommentsCdataAndMarkupDeclarationOpen() throws IllegalAccessException {
        takes(Tokenizer::inComment, Set.of("MARKUP_DECL", "BOGUS_COMMENT", "COMMENT_START", "COMMENT_START_DASH",
                "COMMENT", "COMMENT_END_DASH", "COMMENT_END", "COMMENT_END_BANG", "CDATA", "CDATA_BRACKET",
                "CDATA_END"));
    }

    @Test
    void inRawText_isRcdataRawtextAndScriptData_notPlaintext() throws IllegalAccessException {
        takes(Tokenizer::inRawText, Set.of("RCDATA", "RAWTEXT", "RAW_LT", "RAW_END_NAME", "SCRIPT", "SCRIPT_LT",
                "SCRIPT_ESC_START", "SCRIPT_ESC_START_DASH", "SCRIPT_ESC", "SCRIPT_ESC_DASH", "SCRIPT_ESC_DASH_DASH",
                "SCRIPT_ESC_LT", "SCRIPT_DESC_START", "SCRIPT_DESC", "SCRIPT_DESC_DASH", "SCRIPT_DESC_DASH_DASH",
                "SCRIPT_DESC_LT", "SCRIPT_DESC_END"));
    }
}
