package dev.tidemark.protocol;

import java.util.List;

/** A batch with the samples that passed validation and the ones that did not. */
public record DecodedBatch(Batch batch, List<Rejection> rejections) {
  public DecodedBatch {
    rejections = List.copyOf(rejections);
  }

  public int accepted() {
    return batch.size();
  }
}
