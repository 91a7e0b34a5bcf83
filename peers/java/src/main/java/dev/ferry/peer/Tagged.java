package dev.ferry.peer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.fory.collection.UInt16List;
import org.apache.fory.collection.UInt32List;
import org.apache.fory.collection.UInt64List;
import org.apache.fory.collection.UInt8List;
import org.apache.fory.type.BFloat16;
import org.apache.fory.type.BFloat16Array;
import org.apache.fory.type.Float16;
import org.apache.fory.type.Float16Array;
import org.apache.fory.type.unsigned.UInt16;
import org.apache.fory.type.unsigned.UInt32;
import org.apache.fory.type.unsigned.UInt64;
import org.apache.fory.type.unsigned.UInt8;

/** Conversion between tagged-value JSON and native Java values (see peers/README.md). */
final class Tagged {
  private Tagged() {}

  static final Set<String> INT_TYPES =
      Set.of("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64");
  static final Set<String> FLOAT_TYPES = Set.of("float16", "bfloat16", "float32", "float64");

  /** Malformed tagged value. */
  static final class TaggedException extends IllegalArgumentException {
    TaggedException(String msg) {
      super(msg);
    }
  }

  /** The tagged type has no native representation in this runtime. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String msg) {
      super(msg);
    }
  }

  // ------------------------------------------------------------------ helpers

  static String hex(byte[] b) {
    char[] digits = "0123456789abcdef".toCharArray();
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = digits[(b[i] >> 4) & 0xf];
      out[2 * i + 1] = digits[b[i] & 0xf];
    }
    return new String(out);
  }

  static byte[] unhex(String h) {
    if (h == null || (h.length() & 1) != 0) {
      throw new TaggedException("bad hex string (odd length or missing)");
    }
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      int hi = Character.digit(h.charAt(2 * i), 16);
      int lo = Character.digit(h.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new TaggedException("bad hex digit at offset " + (2 * i));
      }
      b[i] = (byte) ((hi << 4) | lo);
    }
    return b;
  }

  private static String str(JsonObject o, String k) {
    JsonElement e = o.get(k);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw new TaggedException("'" + k + "' must be a string");
    }
    return e.getAsString();
  }

  static BigInteger parseInt(String type, String v) {
    if (v == null) {
      throw new TaggedException(type + ": 'v' must be a decimal string");
    }
    BigInteger n;
    try {
      n = new BigInteger(v.trim());
    } catch (NumberFormatException e) {
      throw new TaggedException(type + ": bad integer string '" + v + "'");
    }
    BigInteger lo;
    BigInteger hi;
    if (type.startsWith("uint")) {
      int bits = Integer.parseInt(type.substring(4));
      lo = BigInteger.ZERO;
      hi = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    } else {
      int bits = Integer.parseInt(type.substring(3));
      lo = BigInteger.ONE.shiftLeft(bits - 1).negate();
      hi = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }
    if (n.compareTo(lo) < 0 || n.compareTo(hi) > 0) {
      throw new TaggedException(type + ": " + v + " out of range [" + lo + ", " + hi + "]");
    }
    return n;
  }

  private static int nanos(JsonObject o, String t) {
    JsonElement e = o.get("nanos");
    if (e == null) {
      return 0;
    }
    long n;
    try {
      n = e.getAsLong();
    } catch (RuntimeException ex) {
      throw new TaggedException(t + ": 'nanos' must be an integer");
    }
    if (n < 0 || n >= 1_000_000_000L) {
      throw new TaggedException(t + ": 'nanos' must be in [0, 1e9), got " + n);
    }
    return (int) n;
  }

  // ------------------------------------------------------------ tagged -> Java

  /** Builder state: anchors and warnings (e.g. an ignored "enc"). */
  static final class Builder {
    final Map<String, Object> anchors = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    Object build(JsonElement el) {
      if (el == null || !el.isJsonObject()) {
        throw new TaggedException("tagged value must be an object with 't'");
      }
      JsonObject n = el.getAsJsonObject();
      String t = str(n, "t");
      if (t == null) {
        throw new TaggedException("tagged value lacks 't'");
      }
      String enc = n.has("enc") ? str(n, "enc") : null;
      if (enc != null) {
        noteEnc(t, enc);
      }
      switch (t) {
        case "refto":
          {
            String a = str(n, "anchor");
            if (!anchors.containsKey(a)) {
              throw new TaggedException("refto unknown anchor '" + a + "'");
            }
            return anchors.get(a);
          }
        case "null":
          return null;
        case "bool":
          {
            JsonElement v = n.get("v");
            if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
              throw new TaggedException("bool: 'v' must be true/false");
            }
            return v.getAsBoolean();
          }
        case "int8":
          return parseInt(t, str(n, "v")).byteValue();
        case "int16":
          return parseInt(t, str(n, "v")).shortValue();
        case "int32":
          return parseInt(t, str(n, "v")).intValue();
        case "int64":
          return parseInt(t, str(n, "v")).longValue();
        case "uint8":
          return UInt8.valueOf(parseInt(t, str(n, "v")).intValue());
        case "uint16":
          return UInt16.valueOf(parseInt(t, str(n, "v")).intValue());
        case "uint32":
          return UInt32.valueOf(parseInt(t, str(n, "v")).intValue());
        case "uint64":
          return UInt64.valueOf(parseInt(t, str(n, "v")).longValue());
        case "float16":
          return toFloat16(Floats.parseAt(t, str(n, "v")));
        case "bfloat16":
          return toBFloat16(Floats.parseAt(t, str(n, "v")));
        case "float32":
          return (float) Floats.parseAt(t, str(n, "v"));
        case "float64":
          return Floats.parseAt(t, str(n, "v"));
        case "string":
          {
            String s = str(n, "v");
            if (s == null) {
              throw new TaggedException("string: 'v' must be a string");
            }
            return s;
          }
        case "binary":
          return anchored(n, unhex(str(n, "v") == null ? "" : str(n, "v")));
        case "list":
        case "set":
        case "map":
          return buildContainer(t, n);
        case "struct":
        case "enum":
        case "union":
        case "ext":
          return Structs.buildUser(n, this, null);
        case "timestamp":
          {
            long s = parseInt("int64", str(n, "seconds")).longValue();
            try {
              return Instant.ofEpochSecond(s, nanos(n, t));
            } catch (DateTimeException | ArithmeticException e) {
              throw new Unsupported("timestamp: outside java.time.Instant range: " + e.getMessage());
            }
          }
        case "date":
          {
            long d = parseInt("int64", str(n, "days")).longValue();
            try {
              return LocalDate.ofEpochDay(d);
            } catch (DateTimeException e) {
              throw new Unsupported("date: outside java.time.LocalDate range: " + e.getMessage());
            }
          }
        case "duration":
          {
            long s = parseInt("int64", str(n, "seconds")).longValue();
            try {
              return Duration.ofSeconds(s, nanos(n, t));
            } catch (ArithmeticException e) {
              throw new Unsupported("duration: outside java.time.Duration range");
            }
          }
        case "decimal":
          {
            String u = str(n, "unscaled");
            JsonElement sc = n.get("scale");
            if (u == null || sc == null) {
              throw new TaggedException("decimal: needs 'unscaled' (string) and 'scale' (int)");
            }
            try {
              return new BigDecimal(new BigInteger(u), sc.getAsInt());
            } catch (NumberFormatException e) {
              throw new TaggedException("decimal: bad unscaled/scale");
            }
          }
        default:
          if (t.endsWith("_array")) {
            return anchored(n, buildArray(t, n));
          }
          throw new TaggedException("unknown tagged type '" + t + "'");
      }
    }

    private void noteEnc(String t, String enc) {
      // Java's xlang runtime picks the scalar encoding itself: Integer -> varint32 (5),
      // Long -> varint64 (7), UInt32 -> fixed uint32 (11), UInt64 -> fixed uint64 (13).
      String natural;
      switch (t) {
        case "int32":
        case "int64":
          natural = "varint";
          break;
        case "uint32":
        case "uint64":
          natural = "fixed";
          break;
        default:
          warnings.add("'enc' is meaningless on " + t + "; ignored");
          return;
      }
      if (!natural.equals(enc)) {
        warnings.add(
            "Java writes " + t + " with " + natural + " encoding; requested enc '" + enc + "' ignored");
      }
    }

    private Object buildContainer(String t, JsonObject n) {
      JsonElement v = n.get("v");
      if (v == null || !v.isJsonArray()) {
        throw new TaggedException(t + ": 'v' must be an array");
      }
      String anchor = n.has("anchor") ? str(n, "anchor") : null;
      if (anchor != null && anchors.containsKey(anchor)) {
        throw new TaggedException("duplicate anchor '" + anchor + "'");
      }
      JsonArray items = v.getAsJsonArray();
      switch (t) {
        case "list":
          {
            List<Object> out = new ArrayList<>(items.size());
            if (anchor != null) {
              anchors.put(anchor, out);
            }
            for (JsonElement c : items) {
              out.add(build(c));
            }
            return out;
          }
        case "set":
          {
            Set<Object> out = new LinkedHashSet<>();
            if (anchor != null) {
              anchors.put(anchor, out);
            }
            for (JsonElement c : items) {
              Object x = build(c);
              if (x == out) {
                throw new Unsupported("set: a Java HashSet cannot contain itself (hashCode recursion)");
              }
              out.add(x);
            }
            return out;
          }
        default:
          {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (anchor != null) {
              anchors.put(anchor, out);
            }
            for (JsonElement c : items) {
              if (!c.isJsonArray() || c.getAsJsonArray().size() != 2) {
                throw new TaggedException("map: 'v' must be an array of [key, value] pairs");
              }
              Object k = build(c.getAsJsonArray().get(0));
              Object val = build(c.getAsJsonArray().get(1));
              if (k == out) {
                throw new Unsupported("map: a Java HashMap cannot use itself as a key");
              }
              if (out.containsKey(k)) {
                throw new Unsupported("map: duplicate key after conversion to Java (" + k + ")");
              }
              out.put(k, val);
            }
            return out;
          }
      }
    }

    /**
     * binary / dense arrays may carry an "anchor" too, so that a later refto yields the SAME
     * byte[] / array object (write-side identity, e.g. a repeated binary with ref=true).
     */
    private Object anchored(JsonObject n, Object value) {
      if (n.has("anchor") && !n.get("anchor").isJsonNull()) {
        String a = str(n, "anchor");
        if (anchors.containsKey(a)) {
          throw new TaggedException("duplicate anchor '" + a + "'");
        }
        anchors.put(a, value);
      }
      return value;
    }

    private Object buildArray(String t, JsonObject n) {
      JsonElement v = n.get("v");
      if (v == null || !v.isJsonArray()) {
        throw new TaggedException(t + ": 'v' must be an array");
      }
      JsonArray a = v.getAsJsonArray();
      int len = a.size();
      String elem = t.substring(0, t.length() - 6);
      String nativeHint = n.has("native") ? str(n, "native") : null;
      if (nativeHint != null && !nativeHint.equals("list")) {
        throw new Unsupported(t + ": unknown native carrier hint '" + nativeHint + "' (Java knows 'list')");
      }
      if ("list".equals(nativeHint)) {
        switch (t) {
          case "uint8_array":
            {
              UInt8List l = new UInt8List();
              for (JsonElement e : a) {
                l.add(parseInt(elem, e.getAsString()).intValue());
              }
              return l;
            }
          case "uint16_array":
            {
              UInt16List l = new UInt16List();
              for (JsonElement e : a) {
                l.add(parseInt(elem, e.getAsString()).intValue());
              }
              return l;
            }
          case "uint32_array":
            {
              int[] x = new int[len];
              for (int i = 0; i < len; i++) {
                x[i] = parseInt(elem, a.get(i).getAsString()).intValue();
              }
              return new UInt32List(x);
            }
          case "uint64_array":
            {
              long[] x = new long[len];
              for (int i = 0; i < len; i++) {
                x[i] = parseInt(elem, a.get(i).getAsString()).longValue();
              }
              return new UInt64List(x);
            }
          default:
            throw new Unsupported(t + ": native 'list' carrier exists only for uint*_array (UInt*List)");
        }
      }
      switch (t) {
        case "bool_array":
          {
            boolean[] x = new boolean[len];
            for (int i = 0; i < len; i++) {
              JsonElement e = a.get(i);
              if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw new TaggedException("bool_array: elements must be true/false");
              }
              x[i] = e.getAsBoolean();
            }
            return x;
          }
        case "int16_array":
          {
            short[] x = new short[len];
            for (int i = 0; i < len; i++) {
              x[i] = parseInt(elem, a.get(i).getAsString()).shortValue();
            }
            return x;
          }
        case "int32_array":
          {
            int[] x = new int[len];
            for (int i = 0; i < len; i++) {
              x[i] = parseInt(elem, a.get(i).getAsString()).intValue();
            }
            return x;
          }
        case "int64_array":
          {
            long[] x = new long[len];
            for (int i = 0; i < len; i++) {
              x[i] = parseInt(elem, a.get(i).getAsString()).longValue();
            }
            return x;
          }
        case "float32_array":
          {
            float[] x = new float[len];
            for (int i = 0; i < len; i++) {
              x[i] = (float) Floats.parseAt(elem, a.get(i).getAsString());
            }
            return x;
          }
        case "float64_array":
          {
            double[] x = new double[len];
            for (int i = 0; i < len; i++) {
              x[i] = Floats.parseAt(elem, a.get(i).getAsString());
            }
            return x;
          }
        case "float16_array":
          {
            Float16[] x = new Float16[len];
            for (int i = 0; i < len; i++) {
              x[i] = toFloat16(Floats.parseAt(elem, a.get(i).getAsString()));
            }
            return new Float16Array(x);
          }
        case "bfloat16_array":
          {
            short[] bits = new short[len];
            for (int i = 0; i < len; i++) {
              bits[i] = toBFloat16(Floats.parseAt(elem, a.get(i).getAsString())).toBits();
            }
            return BFloat16Array.wrapBits(bits);
          }
        case "int8_array":
        case "uint8_array":
        case "uint16_array":
        case "uint32_array":
        case "uint64_array":
          for (JsonElement e : a) {
            parseInt(elem, e.getAsString()); // validate
          }
          throw new Unsupported(
              t
                  + ": Java has no top-level carrier for this array type (byte[] is 'binary'; "
                  + "@Int8Type/@UInt*Type arrays exist only as annotated struct fields; UInt*List "
                  + "serializes as a list - use \"native\":\"list\" to see that)");
        default:
          throw new TaggedException("unknown tagged type '" + t + "'");
      }
    }
  }

  static Float16 toFloat16(double d) {
    if (Double.isNaN(d)) {
      return Float16.NaN;
    }
    return Float16.valueOf((float) d); // exact: d is a float16 value
  }

  static BFloat16 toBFloat16(double d) {
    if (Double.isNaN(d)) {
      return BFloat16.NaN;
    }
    return BFloat16.valueOf((float) d); // exact: d is a bfloat16 value
  }

  // ------------------------------------------------------------ Java -> tagged

  private static boolean isContainer(Object x) {
    return x instanceof Collection || x instanceof Map || x instanceof Object[];
  }

  /** Containers and struct/ext/union objects: the values that carry identity (anchors). */
  private static boolean isIdentity(Object x) {
    return isContainer(x) || Structs.isIdentityObject(x);
  }

  /** Describes a decoded value; shared/cyclic containers get anchors a0, a1, ... in DFS order. */
  static JsonElement describe(Object root) {
    IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    IdentityHashMap<Object, Boolean> shared = new IdentityHashMap<>();
    ArrayList<Object> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      Object x = stack.remove(stack.size() - 1);
      if (!isIdentity(x)) {
        continue;
      }
      if (seen.containsKey(x)) {
        shared.put(x, Boolean.TRUE);
        continue;
      }
      seen.put(x, Boolean.TRUE);
      if (x instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) x).entrySet()) {
          stack.add(e.getKey());
          stack.add(e.getValue());
        }
      } else if (x instanceof Object[]) {
        for (Object o : (Object[]) x) {
          stack.add(o);
        }
      } else if (x instanceof Collection) {
        stack.addAll((Collection<?>) x);
      } else {
        stack.addAll(Structs.children(x));
      }
    }
    return new Describer(shared).describe(root);
  }

  static final class Describer {
    final IdentityHashMap<Object, Boolean> shared;
    final IdentityHashMap<Object, String> names = new IdentityHashMap<>();

    Describer(IdentityHashMap<Object, Boolean> shared) {
      this.shared = shared;
    }

    private static JsonObject node(String t) {
      JsonObject o = new JsonObject();
      o.addProperty("t", t);
      return o;
    }

    private static JsonObject scalar(String t, String v) {
      JsonObject o = node(t);
      o.addProperty("v", v);
      return o;
    }

    JsonElement describe(Object x) {
      String anchor = null;
      if (x != null && !isContainer(x) && shared.containsKey(x)) {
        String name = names.get(x);
        if (name != null) {
          JsonObject r = node("refto");
          r.addProperty("anchor", name);
          return r;
        }
        anchor = "a" + names.size();
        names.put(x, anchor);
        return Structs.describeUser(x, anchor, this);
      }
      if (x != null && shared.containsKey(x)) {
        String name = names.get(x);
        if (name != null) {
          JsonObject r = node("refto");
          r.addProperty("anchor", name);
          return r;
        }
        anchor = "a" + names.size();
        names.put(x, anchor);
      }
      if (x == null) {
        return node("null");
      }
      if (x instanceof Boolean) {
        JsonObject o = node("bool");
        o.addProperty("v", (Boolean) x);
        return o;
      }
      if (x instanceof Byte) {
        return scalar("int8", x.toString());
      }
      if (x instanceof Short) {
        return scalar("int16", x.toString());
      }
      if (x instanceof Integer) {
        return scalar("int32", x.toString());
      }
      if (x instanceof Long) {
        return scalar("int64", x.toString());
      }
      if (x instanceof UInt8) {
        return scalar("uint8", Integer.toString(((UInt8) x).toInt()));
      }
      if (x instanceof UInt16) {
        return scalar("uint16", Integer.toString(((UInt16) x).toInt()));
      }
      if (x instanceof UInt32) {
        return scalar("uint32", Long.toString(((UInt32) x).longValue()));
      }
      if (x instanceof UInt64) {
        return scalar("uint64", UInt64.toString(((UInt64) x).longValue()));
      }
      if (x instanceof Float) {
        return scalar("float32", Floats.format((Float) x));
      }
      if (x instanceof Double) {
        return scalar("float64", Floats.format((Double) x));
      }
      if (x instanceof Float16) {
        return scalar("float16", Floats.format(((Float16) x).toFloat()));
      }
      if (x instanceof BFloat16) {
        return scalar("bfloat16", Floats.format(((BFloat16) x).toFloat()));
      }
      if (x instanceof String) {
        return scalar("string", (String) x);
      }
      if (x instanceof byte[]) {
        return scalar("binary", hex((byte[]) x));
      }
      if (x instanceof boolean[]) {
        JsonArray a = new JsonArray();
        for (boolean b : (boolean[]) x) {
          a.add(b);
        }
        return withV("bool_array", a);
      }
      if (x instanceof short[]) {
        JsonArray a = new JsonArray();
        for (short s : (short[]) x) {
          a.add(Short.toString(s));
        }
        return withV("int16_array", a);
      }
      if (x instanceof int[]) {
        JsonArray a = new JsonArray();
        for (int s : (int[]) x) {
          a.add(Integer.toString(s));
        }
        return withV("int32_array", a);
      }
      if (x instanceof long[]) {
        JsonArray a = new JsonArray();
        for (long s : (long[]) x) {
          a.add(Long.toString(s));
        }
        return withV("int64_array", a);
      }
      if (x instanceof float[]) {
        JsonArray a = new JsonArray();
        for (float s : (float[]) x) {
          a.add(Floats.format(s));
        }
        return withV("float32_array", a);
      }
      if (x instanceof double[]) {
        JsonArray a = new JsonArray();
        for (double s : (double[]) x) {
          a.add(Floats.format(s));
        }
        return withV("float64_array", a);
      }
      if (x instanceof Float16Array) {
        JsonArray a = new JsonArray();
        Float16Array f = (Float16Array) x;
        for (int i = 0; i < f.size(); i++) {
          a.add(Floats.format(f.getFloat(i)));
        }
        return withV("float16_array", a);
      }
      if (x instanceof BFloat16Array) {
        JsonArray a = new JsonArray();
        BFloat16Array f = (BFloat16Array) x;
        for (int i = 0; i < f.size(); i++) {
          a.add(Floats.format(f.getFloat(i)));
        }
        return withV("bfloat16_array", a);
      }
      if (x instanceof Collection || x instanceof Object[]) {
        String t = x instanceof Set ? "set" : "list";
        JsonArray a = new JsonArray();
        JsonObject o = node(t);
        if (anchor != null) {
          o.addProperty("anchor", anchor);
        }
        Iterable<?> it = x instanceof Object[] ? java.util.Arrays.asList((Object[]) x) : (Collection<?>) x;
        for (Object e : it) {
          a.add(describe(e));
        }
        o.add("v", a);
        return o;
      }
      if (x instanceof org.apache.fory.serializer.UnknownClass.UnknownStruct) {
        // compatible mode: a struct whose TypeDef names a type this peer has not registered;
        // Fory exposes it as a map "<qualified type name>.<field>" -> value
        JsonObject o = node("unknown_struct");
        JsonObject fo = new JsonObject();
        String prefix = null;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) x).entrySet()) {
          String k = String.valueOf(e.getKey());
          int dot = k.lastIndexOf('.');
          if (dot >= 0 && prefix == null) {
            prefix = k.substring(0, dot);
          }
          fo.add(dot >= 0 ? k.substring(dot + 1) : k, describe(e.getValue()));
        }
        o.addProperty("name", prefix == null ? "" : prefix);
        o.addProperty("javaClass", x.getClass().getName());
        o.add("fields", fo);
        return o;
      }
      if (x instanceof Map) {
        JsonObject o = node("map");
        if (anchor != null) {
          o.addProperty("anchor", anchor);
        }
        JsonArray a = new JsonArray();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) x).entrySet()) {
          JsonArray pair = new JsonArray();
          pair.add(describe(e.getKey()));
          pair.add(describe(e.getValue()));
          a.add(pair);
        }
        o.add("v", a);
        return o;
      }
      if (x instanceof Instant) {
        Instant i = (Instant) x;
        JsonObject o = node("timestamp");
        o.addProperty("seconds", Long.toString(i.getEpochSecond()));
        o.addProperty("nanos", i.getNano());
        return o;
      }
      if (x instanceof LocalDate) {
        JsonObject o = node("date");
        o.addProperty("days", Long.toString(((LocalDate) x).toEpochDay()));
        return o;
      }
      if (x instanceof Duration) {
        Duration d = (Duration) x;
        JsonObject o = node("duration");
        o.addProperty("seconds", Long.toString(d.getSeconds()));
        o.addProperty("nanos", d.getNano());
        return o;
      }
      if (x instanceof BigDecimal) {
        BigDecimal d = (BigDecimal) x;
        JsonObject o = node("decimal");
        o.addProperty("unscaled", d.unscaledValue().toString());
        o.add("scale", new JsonPrimitive(d.scale()));
        return o;
      }
      if (x instanceof BigInteger) {
        JsonObject o = node("decimal");
        o.addProperty("unscaled", x.toString());
        o.add("scale", new JsonPrimitive(0));
        return o;
      }
      JsonObject user = Structs.describeUser(x, null, this);
      if (user != null) {
        return user;
      }
      if (x instanceof org.apache.fory.serializer.UnknownClass) {
        JsonObject o = node("unknown");
        o.addProperty("javaClass", x.getClass().getName());
        o.addProperty("toString", String.valueOf(x));
        return o;
      }
      throw new TaggedException(
          "decoded value of Java class " + x.getClass().getName() + " has no tagged description");
    }

    private static JsonObject withV(String t, JsonArray a) {
      JsonObject o = node(t);
      o.add("v", a);
      return o;
    }
  }
}
