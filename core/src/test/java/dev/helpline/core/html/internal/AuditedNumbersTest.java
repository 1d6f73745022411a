package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class AuditedNumbersTest {
    @Test
    void masksValidNumbersAndKeepsTheAnswer() {
        AuditedNumbers audited = new AuditedNumbers();
        String first = audited.masked(2125550147L);
        assertEquals("********47", first);
        assertSame(first, audited.masked(2125550147L), "the next page gets the kept answer");
        assertEquals(1, audited.size());
    }

    @Test
    void aNumberThatIsNotValidIsNoFindingAndIsKeptToo() {
        AuditedNumbers audited = new AuditedNumbers();
        // NANP exchanges do not begin with 0 or 1
        assertNull(audited.masked(2121230147L));
        assertNull(audited.masked(2120550147L));
        assertEquals("********47", audited.masked(8006620147L));
        assertEquals(3, audited.size());
        assertNull(audited.masked(2121230147L));
        assertEquals(3, audited.size());
    }

    @Test
    void keepsAtMostItsBoundAndStillAnswersPastIt() {
        AuditedNumbers audited = new AuditedNumbers();
        for (int i = 0; i < AuditedNumbers.MAX + 50; i++) {
            long national = 2125550000L + i;
            assertEquals(String.format("********%02d", i % 100), audited.masked(national), "number " + i);
        }
        assertEquals(AuditedNumbers.MAX, audited.size());
    }

    @Test
    void threadsAskingAtOnceGetTheSameAnswers() throws Exception {
        AuditedNumbers audited = new AuditedNumbers();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    List<String> answers = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        int k = (i * 7 + offset * 13) % 200; // each thread in its own order
                        answers.add(k + "=" + audited.masked(3105550000L + k));
                    }
                    answers.sort(null);
                    return answers;
                }));
            }
            List<String> expected = runs.get(0).get();
            for (Future<List<String>> run : runs) {
                assertEquals(expected, run.get());
            }
            assertEquals(200, audited.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
