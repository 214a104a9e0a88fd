package com.valet.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {

    @Test
    void enoughDistinctWordsAndKeywordsThatIlikeAndPrefixSearchAgreeOn() {
        assertTrue(Vocabulary.NOUNS.size() >= 200, "nouns: " + Vocabulary.NOUNS.size());
        assertEquals(Vocabulary.NOUNS.size(), new HashSet<>(Vocabulary.NOUNS).size());
        assertTrue(Vocabulary.KEYWORDS.size() >= 100);
        assertTrue(Vocabulary.KEYWORDS.stream().allMatch(k -> k.length() >= 4 && k.matches("[a-z]+")));
    }

    @Test
    void commonWordsAreSearchedForMoreOften() {
        SplittableRandom random = new SplittableRandom(1);
        int first = 0;
        int last = 0;
        for (int i = 0; i < 100_000; i++) {
            String keyword = Vocabulary.keyword(random);
            first += keyword.equals(Vocabulary.KEYWORDS.get(0)) ? 1 : 0;
            last += keyword.equals(Vocabulary.KEYWORDS.get(Vocabulary.KEYWORDS.size() - 1)) ? 1 : 0;
        }
        assertTrue(first > 10 * last, first + " vs " + last);
    }
}
