package dev.tidemark.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipStateTest {
  @TempDir Path dir;

  @Test
  void survivesAReloadAndATornSlotFallsBackToTheStateBefore() throws Exception {
    ShipState s = ShipState.load(dir);
    long first = s.nextBatch();
    s.begin(new ShipState.Pending(first, 10, 19, 10, 1000));
    s.commit();
    s.begin(new ShipState.Pending(first + 1, 20, 29, 10, 1000));

    ShipState again = ShipState.load(dir);
    assertThat(again.lastShipped()).isEqualTo(19);
    assertThat(again.pending()).isEqualTo(new ShipState.Pending(first + 1, 20, 29, 10, 1000));

    // a kill in the middle of the commit's write: its slot fails the checksum
    again.commit();
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ShipState.FILE).toFile(), "rw")) {
      long seqSlot = 128; // the commit, the 5th write, went to slot 1 (writes alternate)
      f.seek(seqSlot + 16);
      f.writeLong(123456789L); // next batch half-written
    }
    ShipState torn = ShipState.load(dir);
    assertThat(torn.pending()).as("the batch is resent under its id").isNotNull();
    assertThat(torn.pending().batch()).isEqualTo(first + 1);
    assertThat(torn.lastShipped()).isEqualTo(19);
  }

  @Test
  void anOlderAgentsPropertiesAreReadOnceAndReplaced() throws Exception {
    Files.writeString(
        dir.resolve(ShipState.OLD_FILE),
        "last.shipped=41\nnext.batch=77\npending.batch=77\npending.start=42\npending.end=50\n"
            + "pending.entries=9\npending.bytes=900\n");
    ShipState s = ShipState.load(dir);
    assertThat(s.lastShipped()).isEqualTo(41);
    assertThat(s.pending()).isEqualTo(new ShipState.Pending(77, 42, 50, 9, 900));
    assertThat(dir.resolve(ShipState.OLD_FILE)).doesNotExist();
    assertThat(ShipState.load(dir).pending()).isEqualTo(s.pending());
  }
}
