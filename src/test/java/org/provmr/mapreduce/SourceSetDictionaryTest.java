package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.provmr.store.SourceIds;

class SourceSetDictionaryTest {
  private static SourceSet set(int... ids) {
    SourceSet s = new SourceSet();
    for (int id : ids) {
      s.add(id);
    }
    return s;
  }

  @Test
  void setsStayExactWithinTheBudget() {
    SourceSetDictionary d = new SourceSetDictionary(1 << 10);
    assertEquals(0, d.idOf(set(1, 2)));
    assertEquals(1, d.idOf(set(3)));
    assertEquals(0, d.idOf(set(1, 2)));
    assertNull(d.summaryId());
    assertEquals(java.util.List.of(SourceIds.of(1, 2), SourceIds.of(3)), d.entries());
  }

  @Test
  void aReusedProbeChangedBetweenLookUpsGetsTheIdOfWhatItHoldsNow() {
    SourceSetDictionary d = new SourceSetDictionary(1 << 10);
    SourceSet probe = set(1, 2);
    assertEquals(0, d.idOf(probe));
    assertEquals(0, d.idOf(probe), "the same set again");
    probe.add(3); // callers reuse one probe: the dictionary must not have kept it
    assertEquals(1, d.idOf(probe));
    probe.clear();
    probe.add(1);
    probe.add(2);
    assertEquals(0, d.idOf(probe));
    assertEquals(1, d.idOf(set(1, 2, 3)));
    assertEquals(java.util.List.of(SourceIds.of(1, 2), SourceIds.of(1, 2, 3)), d.entries());
  }

  @Test
  void newSetsBeyondTheBudgetGetTheSummaryOfEveryPartSource() {
    // {1,2} encodes in 4 bytes (+1 length): a budget of 6 holds it and nothing more.
    SourceSetDictionary d = new SourceSetDictionary(6);
    assertEquals(0, d.idOf(set(1, 2)));
    assertEquals(1, d.idOf(set(7, 9)));
    assertEquals(1, d.idOf(set(4)));
    assertEquals(0, d.idOf(set(1, 2)), "an exact entry keeps serving its set");
    d.noteSource(11);
    assertEquals(1, d.summaryId());
    assertEquals(2, d.summarizedRecords());
    assertEquals(SourceIds.of(1, 2, 4, 7, 9, 11), d.entries().get(1),
        "the summary is a superset of every summarized record's set");
    assertEquals(d.allSources(), d.entries().get(1));
  }

  @Test
  void singleSourcesTakenInTurnKeepTheirOwnEntriesAndTheSummaryStillCounts() {
    // A sort's reduce writes keys from every map in turn: one-source sets, alternating.
    SourceSetDictionary d = new SourceSetDictionary(1 << 10);
    SourceSet probe = new SourceSet();
    for (int round = 0; round < 3; round++) {
      for (int source = 3; source >= 0; source--) {
        probe.setSingle(source);
        assertEquals(3 - source, d.idOf(probe), "source " + source + " in round " + round);
      }
    }
    assertEquals(1, d.idOf(set(2, 3)) - 3, "a set of two after the four singles");
    assertEquals(java.util.List.of(SourceIds.of(3), SourceIds.of(2), SourceIds.of(1),
        SourceIds.of(0), SourceIds.of(2, 3)), d.entries());

    // Beyond the budget a new single source gets the summary, record after record.
    SourceSetDictionary tight = new SourceSetDictionary(SourceIds.of(5).encodedLength() + 1);
    assertEquals(0, tight.idOf(set(5)));
    assertEquals(1, tight.idOf(set(6)));
    assertEquals(1, tight.idOf(set(6)));
    assertEquals(0, tight.idOf(set(5)));
    assertEquals(2, tight.summarizedRecords());
    assertEquals(SourceIds.of(5, 6), tight.entries().get(1));
  }

  @Test
  void notedSourcesAllReachTheUnionWhenRecordsAlternateAndRepeat() {
    SourceSetDictionary d = new SourceSetDictionary(1 << 20);
    for (int id : new int[] {4, 4, 4, 2, 2, 4, 9, 2, 9, 9}) {
      d.noteSource(id);
    }
    assertEquals(SourceIds.of(2, 4, 9), d.allSources());
  }
}
