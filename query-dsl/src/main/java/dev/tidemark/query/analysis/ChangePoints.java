package dev.tidemark.query.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Change-point detection as Apache Otava (formerly Hunter) does it: E-Divisive means proposes the
 * split, a Welch t-test between the neighbouring segments decides whether it is real, so the result
 * is deterministic (no permutation test).
 *
 * <ol>
 *   <li>Every segment between accepted change points proposes its best energy split, moved to the
 *       best mean-shift split within {@code minSegment} points of it.
 *   <li>The proposal with the smallest p-value is accepted if that p-value is at most {@code
 *       maxPValue}; repeat until none qualifies. The magnitude plays no part here: a whole-series
 *       split of +2% between nested changes of ±5% must be accepted so that the nested ones can be
 *       proposed inside its halves.
 *   <li>Finally, as Otava's merge step, each change point is re-tested against its final
 *       neighbours: while one fails the p-value, the weakest (largest p) is dropped; then while the
 *       smallest magnitude is under {@code minMagnitude}, that one is dropped. Its neighbours are
 *       re-tested after every drop.
 * </ol>
 *
 * <p>Magnitude is Otava's {@code change_magnitude}: the larger of |after/before − 1| and
 * |before/after − 1|, so a rise and the fall back to the same level are the same size. On {@code
 * np.repeat([100,105,98,103],250) + N(0,2)} (numpy default_rng(1)) Otava finds 250, 500 and 750
 * with min_magnitude 0.05 and none with 0.06, as here ({@code ChangePointsTest}). Unlike Otava's
 * merge, which re-tests the two points after a dropped one, both neighbours are re-tested.
 *
 * <p>Unlike Otava, p-values are Bonferroni-adjusted for the number of split positions a segment
 * offers: the split is the best of many, and an unadjusted p-value would flag stationary noise far
 * more often than {@code maxPValue}. With the adjustment, {@code maxPValue} bounds the chance of a
 * false change point in a stationary series.
 */
public final class ChangePoints {

  private ChangePoints() {}

  /**
   * Options.
   *
   * @param maxPValue e.g. 0.001
   * @param minMagnitude relative size, e.g. 0.05 for 5% (0 accepts any size)
   * @param minSegment fewest points on each side of a change point (≥ 2)
   */
  public record Options(double maxPValue, double minMagnitude, int minSegment) {
    public Options {
      if (minSegment < 2) {
        throw new IllegalArgumentException(
            "cannot detect change points: min segment must be at least 2 [minSegment="
                + minSegment
                + "]");
      }
    }

    public static Options defaults() {
      return new Options(0.001, 0.0, 5);
    }
  }

  /** Detects change points; {@code times} only labels the result. */
  public static List<ChangePoint> detect(long[] times, double[] x, Options o) {
    Segments seg = new Segments(x);
    TreeSet<Integer> cps = new TreeSet<>();
    TreeSet<Integer> exhausted = new TreeSet<>();
    while (true) {
      Candidate bestCandidate = null;
      int start = 0;
      for (int end : boundaries(cps, x.length)) {
        if (!exhausted.contains(start)) {
          int tau = EnergySplit.best(x, start, end, o.minSegment());
          if (tau >= 0) {
            tau = seg.refine(start, tau, end, o.minSegment());
          }
          if (tau < 0) {
            exhausted.add(start);
          } else {
            Candidate c = seg.test(start, tau, end, o.minSegment());
            if (!c.significant(o)) {
              exhausted.add(start);
            } else if (bestCandidate == null || c.pValue < bestCandidate.pValue) {
              bestCandidate = c;
            }
          }
        }
        start = end;
      }
      if (bestCandidate == null) {
        break;
      }
      cps.add(bestCandidate.tau);
      exhausted.remove(bestCandidate.start);
    }
    prune(seg, cps, x.length, o);
    List<ChangePoint> out = new ArrayList<>();
    for (int tau : cps) {
      Integer prev = cps.lower(tau);
      Integer next = cps.higher(tau);
      Candidate c =
          seg.test(prev == null ? 0 : prev, tau, next == null ? x.length : next, o.minSegment());
      out.add(new ChangePoint(tau, times[tau], c.before, c.after, c.magnitude * 100, c.pValue));
    }
    return out;
  }

  private static void prune(Segments seg, TreeSet<Integer> cps, int n, Options o) {
    while (!cps.isEmpty()) {
      Candidate weakest = null;
      Candidate smallest = null;
      for (int tau : cps) {
        Integer prev = cps.lower(tau);
        Integer next = cps.higher(tau);
        Candidate c =
            seg.test(prev == null ? 0 : prev, tau, next == null ? n : next, o.minSegment());
        if (weakest == null || c.pValue > weakest.pValue) {
          weakest = c;
        }
        if (smallest == null || c.size() < smallest.size()) {
          smallest = c;
        }
      }
      if (!weakest.significant(o)) {
        cps.remove(weakest.tau);
      } else if (smallest.size() < o.minMagnitude()) {
        cps.remove(smallest.tau);
      } else {
        return;
      }
    }
  }

  private static List<Integer> boundaries(TreeSet<Integer> cps, int n) {
    List<Integer> ends = new ArrayList<>(cps);
    ends.add(n);
    return ends;
  }

  /** A proposed split with its test. */
  private static final class Candidate {
    final int start;
    final int tau;
    final double before;
    final double after;
    final double magnitude;
    final double pValue;

    Candidate(int start, int tau, double before, double after, double pValue) {
      this.start = start;
      this.tau = tau;
      this.before = before;
      this.after = after;
      this.magnitude =
          before != 0
              ? (after - before) / Math.abs(before)
              : (after == 0 ? 0 : Double.POSITIVE_INFINITY);
      this.pValue = pValue;
    }

    boolean significant(Options o) {
      return pValue <= o.maxPValue();
    }

    /** Otava's change magnitude: the larger relative change of the two directions. */
    double size() {
      double back = after != 0 ? (before - after) / Math.abs(after) : Double.POSITIVE_INFINITY;
      return Math.max(Math.abs(magnitude), Math.abs(back));
    }
  }

  /** Prefix sums for O(1) segment means and variances (centred to limit cancellation). */
  private static final class Segments {
    private final double[] sum;
    private final double[] sumSq;
    private final double center;

    Segments(double[] x) {
      double c = 0;
      for (double v : x) {
        c += v;
      }
      center = x.length > 0 ? c / x.length : 0;
      sum = new double[x.length + 1];
      sumSq = new double[x.length + 1];
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - center;
        sum[i + 1] = sum[i] + d;
        sumSq[i + 1] = sumSq[i] + d * d;
      }
    }

    double mean(int s, int e) {
      return (sum[e] - sum[s]) / (e - s) + center;
    }

    double variance(int s, int e) {
      int n = e - s;
      if (n < 2) {
        return 0;
      }
      double sx = sum[e] - sum[s];
      return Math.max(0, (sumSq[e] - sumSq[s] - sx * sx / n) / (n - 1));
    }

    /**
     * Moves a proposed split to the nearby position (within {@code minSegment}) that maximises the
     * mean-shift likelihood {@code mn/(m+n)·(mean₁ − mean₂)²}: the energy statistic finds the
     * change, the mean-shift criterion pins it down more precisely for level shifts.
     */
    int refine(int s, int tau, int e, int minSegment) {
      int lo = Math.max(s + minSegment, tau - minSegment);
      int hi = Math.min(e - minSegment, tau + minSegment);
      int best = tau;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int t = lo; t <= hi; t++) {
        double d = mean(s, t) - mean(t, e);
        double score = (double) (t - s) * (e - t) / (e - s) * d * d;
        if (score > bestScore) {
          bestScore = score;
          best = t;
        }
      }
      return best;
    }

    Candidate test(int s, int tau, int e, int minSegment) {
      double before = mean(s, tau);
      double after = mean(tau, e);
      double p =
          WelchTest.pValue(before, variance(s, tau), tau - s, after, variance(tau, e), e - tau);
      int positions = Math.max(1, (e - s) - 2 * minSegment + 1);
      return new Candidate(s, tau, before, after, Math.min(1, p * positions));
    }
  }
}
