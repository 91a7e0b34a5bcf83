package dev.ferry.peer;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Parsing and formatting of tagged float reprs at a given binary width. */
final class Floats {
  private Floats() {}

  /** Thrown for malformed float reprs. */
  static final class BadFloat extends IllegalArgumentException {
    BadFloat(String msg) {
      super(msg);
    }
  }

  /**
   * Parses {@code repr} at the width of tagged type {@code type} (float16, bfloat16, float32,
   * float64) with round-to-nearest-even and returns the exact value widened to a double.
   */
  static double parseAt(String type, String repr) {
    if (repr == null) {
      throw new BadFloat(type + ": 'v' must be a string");
    }
    String s = repr.trim();
    String low = s.toLowerCase();
    switch (low) {
      case "nan":
      case "+nan":
      case "-nan":
        return Double.NaN;
      case "infinity":
      case "+infinity":
      case "inf":
      case "+inf":
        return Double.POSITIVE_INFINITY;
      case "-infinity":
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    BigDecimal exact;
    try {
      exact = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new BadFloat(type + ": bad float string '" + repr + "'");
    }
    boolean negZero = s.startsWith("-");
    if (exact.signum() == 0) {
      return negZero ? -0.0 : 0.0;
    }
    switch (type) {
      case "float64":
        return Double.parseDouble(s);
      case "float32":
        return Float.parseFloat(s);
      case "float16":
        return round(exact, 11, -14, 15);
      case "bfloat16":
        return round(exact, 8, -126, 127);
      default:
        throw new BadFloat("not a float type: " + type);
    }
  }

  /** Rounds a non-zero exact decimal to a binary format (precision p incl. implicit bit). */
  static double round(BigDecimal value, int p, int emin, int emax) {
    boolean neg = value.signum() < 0;
    BigDecimal a = value.abs();
    BigInteger num;
    BigInteger den;
    if (a.scale() > 0) {
      num = a.unscaledValue();
      den = BigInteger.TEN.pow(a.scale());
    } else {
      num = a.unscaledValue().multiply(BigInteger.TEN.pow(-a.scale()));
      den = BigInteger.ONE;
    }
    // lead: 2^lead <= a < 2^(lead+1)
    int lead = num.bitLength() - den.bitLength();
    if (cmpPow2(num, den, lead) < 0) {
      lead--;
    }
    int q = Math.max(lead, emin) - (p - 1);
    // n = a / 2^q, rounded half-even
    BigInteger n;
    BigInteger rem;
    BigInteger d;
    if (q >= 0) {
      d = den.shiftLeft(q);
      BigInteger[] qr = num.divideAndRemainder(d);
      n = qr[0];
      rem = qr[1];
    } else {
      d = den;
      BigInteger[] qr = num.shiftLeft(-q).divideAndRemainder(d);
      n = qr[0];
      rem = qr[1];
    }
    int c = rem.shiftLeft(1).compareTo(d);
    if (c > 0 || (c == 0 && n.testBit(0))) {
      n = n.add(BigInteger.ONE);
    }
    double r;
    // n * 2^q >= 2^(emax+1)  <=>  n.bitLength() + q > emax + 1 (n < 2^(p+1))
    if (n.bitLength() + q - 1 > emax) {
      r = Double.POSITIVE_INFINITY;
    } else {
      r = Math.scalb(n.doubleValue(), q); // exact: n has <= p+1 bits, result in double range
    }
    return neg ? -r : r;
  }

  /** compares num/den with 2^e. */
  private static int cmpPow2(BigInteger num, BigInteger den, int e) {
    if (e >= 0) {
      return num.compareTo(den.shiftLeft(e));
    }
    return num.shiftLeft(-e).compareTo(den);
  }

  /** Formats a double in the tagged style (NaN, Infinity, -Infinity, -0, Double.toString). */
  static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
    }
    return Double.toString(d);
  }

  /** Formats a float using the float32 shortest repr (exact when parsed at float32 or narrower). */
  static String format(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f) || f == 0) {
      return format((double) f);
    }
    return Float.toString(f);
  }

  static boolean sameBits(double x, double y) {
    if (Double.isNaN(x) && Double.isNaN(y)) {
      return true;
    }
    return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
  }
}
