package dev.tidemark.query.analysis;

/**
 * The distribution functions the analyses need, implemented from the textbook special functions
 * (Lanczos log-gamma, continued fractions for the incomplete gamma and beta functions, as in
 * Numerical Recipes §6.2 and §6.4). Accurate to ~1e-12, far beyond what p-values need.
 */
public final class Distributions {

  private static final double EPS = 1e-15;
  private static final double FPMIN = 1e-300;
  private static final int MAX_ITERATIONS = 10_000;
  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private Distributions() {}

  /** ln Γ(x) for x > 0 (Lanczos, g = 7). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** Standard normal CDF Φ(z). */
  public static double normalCdf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    double tail = 0.5 * erfc(Math.abs(z) / Math.sqrt(2));
    return z >= 0 ? 1 - tail : tail;
  }

  /** Upper tail 1 − Φ(z), accurate for large z. */
  public static double normalUpperTail(double z) {
    return z >= 0 ? 0.5 * erfc(z / Math.sqrt(2)) : 1 - 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** Φ⁻¹(p) by bisection on {@link #normalCdf}. */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException(
          "cannot invert normal cdf: p must be in (0, 1) [p=" + p + "]");
    }
    double lo = -40;
    double hi = 40;
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (normalCdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** Complementary error function for x ≥ 0, via the regularized incomplete gamma Q(1/2, x²). */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    return gammaQ(0.5, x * x);
  }

  /** Regularized upper incomplete gamma Q(a, x). */
  static double gammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    if (x < a + 1) {
      return 1 - gammaSeries(a, x);
    }
    return gammaContinuedFraction(a, x);
  }

  private static double gammaSeries(double a, double x) {
    double ap = a;
    double sum = 1 / a;
    double del = sum;
    for (int n = 0; n < MAX_ITERATIONS; n++) {
      ap++;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  private static double gammaContinuedFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / FPMIN;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = b + an / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** Regularized incomplete beta I_x(a, b). */
  public static double incompleteBeta(double a, double b, double x) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double bt =
        Math.exp(
            logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      return bt * betaContinuedFraction(a, b, x) / a;
    }
    return 1 - bt * betaContinuedFraction(b, a, 1 - x) / b;
  }

  private static double betaContinuedFraction(double a, double b, double x) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < FPMIN) {
      d = FPMIN;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m < MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return h;
  }

  /** Two-sided p-value P(|T| ≥ |t|) of Student's t with {@code df} degrees of freedom. */
  public static double studentTwoSided(double t, double df) {
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return 0;
    }
    return incompleteBeta(df / 2, 0.5, df / (df + t * t));
  }

  /** Student's t CDF. */
  public static double studentCdf(double t, double df) {
    double tail = 0.5 * studentTwoSided(t, df);
    return t >= 0 ? 1 - tail : tail;
  }

  /** Quantile of Student's t by bisection. */
  public static double studentQuantile(double p, double df) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("cannot invert t cdf: p must be in (0, 1) [p=" + p + "]");
    }
    double lo = -1e6;
    double hi = 1e6;
    for (int i = 0; i < 300; i++) {
      double mid = (lo + hi) / 2;
      if (studentCdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
