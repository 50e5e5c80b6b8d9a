package dev.tidemark.server.retention;

import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TimescaleOnly;
import org.junit.jupiter.api.Test;

/**
 * The retention dry run on TimescaleDB: rows counted in the continuous aggregates; confirmed, the
 * retention policies change (TimescaleDB's jobs drop the chunks on their own schedule).
 */
@TimescaleOnly
class TimescaleRetentionHttpTest {
  @Test
  void anUnconfirmedChangeChangesNothingAndSaysWhatItWouldDrop() throws Exception {
    RetentionHttpTest.dryRunThenConfirm(TestDatabase.freshTimescale().orElseThrow(), false);
  }
}
