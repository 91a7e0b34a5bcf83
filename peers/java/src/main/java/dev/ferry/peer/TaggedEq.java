package dev.ferry.peer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Semantic equality of two tagged-value trees (expected vs actual). Mirrors
 * peers/python/tagged.py; the rule is documented in peers/README.md.
 */
final class TaggedEq {
  private final Set<String> expUsed = new HashSet<>();
  private final Set<String> actUsed = new HashSet<>();
  private String diff;

  private TaggedEq(JsonElement exp, JsonElement act) {
    collectRefs(exp, expUsed);
    collectRefs(act, actUsed);
  }

  /** Returns null when equal, else a description of the first difference. */
  static String compare(JsonElement expected, JsonElement actual) {
    TaggedEq q = new TaggedEq(expected, actual);
    boolean ok = q.eq(expected, actual, "$", new HashMap<>(), false);
    return ok ? null : (q.diff == null ? "$: not equal" : q.diff);
  }

  static String family(String t) {
    if (t == null) {
      return "?";
    }
    if (Tagged.INT_TYPES.contains(t)) {
      return "int";
    }
    if (Tagged.FLOAT_TYPES.contains(t)) {
      return "float";
    }
    if (t.endsWith("_array")) {
      String e = t.substring(0, t.length() - 6);
      if (Tagged.INT_TYPES.contains(e)) {
        return "int_array";
      }
      if (Tagged.FLOAT_TYPES.contains(e)) {
        return "float_array";
      }
    }
    return t;
  }

  private static void collectRefs(JsonElement node, Set<String> out) {
    if (node == null || !node.isJsonObject()) {
      if (node != null && node.isJsonArray()) {
        for (JsonElement c : node.getAsJsonArray()) {
          collectRefs(c, out);
        }
      }
      return;
    }
    JsonObject o = node.getAsJsonObject();
    if ("refto".equals(str(o, "t"))) {
      out.add(str(o, "anchor"));
    }
    JsonElement v = o.get("v");
    if (v != null && (v.isJsonArray() || v.isJsonObject())) {
      collectRefs(v, out);
    }
    JsonElement f = o.get("fields");
    if (f != null && f.isJsonObject()) {
      for (Map.Entry<String, JsonElement> kv : f.getAsJsonObject().entrySet()) {
        collectRefs(kv.getValue(), out);
      }
    }
  }

  private static String str(JsonObject o, String k) {
    JsonElement e = o.get(k);
    return (e == null || e.isJsonNull()) ? null : e.getAsString();
  }

  private boolean fail(String path, String msg, boolean quiet) {
    if (!quiet && diff == null) {
      diff = path + ": " + msg;
    }
    return false;
  }

  private String anchorOf(JsonObject o, Set<String> used) {
    String a = str(o, "anchor");
    return (a != null && used.contains(a)) ? a : null;
  }

  private static JsonArray arr(JsonObject o) {
    JsonElement v = o.get("v");
    return (v != null && v.isJsonArray()) ? v.getAsJsonArray() : new JsonArray();
  }

  private static BigInteger bigNanos(JsonObject o) {
    BigInteger s = new BigInteger(str(o, "seconds"));
    long n = o.has("nanos") ? o.get("nanos").getAsLong() : 0;
    return s.multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(n));
  }

  private boolean eq(
      JsonElement ee, JsonElement ae, String path, Map<String, String> amap, boolean quiet) {
    if (ee == null || ae == null || !ee.isJsonObject() || !ae.isJsonObject()) {
      return fail(path, "malformed node", quiet);
    }
    JsonObject e = ee.getAsJsonObject();
    JsonObject a = ae.getAsJsonObject();
    String te = str(e, "t");
    String ta = str(a, "t");
    if ("refto".equals(te) || "refto".equals(ta)) {
      if (!"refto".equals(te) || !"refto".equals(ta)) {
        return fail(
            path,
            "identity differs: expected " + te + " vs actual " + ta + " (one side is a back-reference)",
            quiet);
      }
      String ea = str(e, "anchor");
      String aa = str(a, "anchor");
      if (!amap.containsKey(ea)) {
        return fail(path, "refto '" + ea + "' before its anchor", quiet);
      }
      if (!amap.get(ea).equals(aa)) {
        return fail(path, "refto '" + ea + "' points to a different object (" + aa + ")", quiet);
      }
      return true;
    }
    String fe = family(te);
    String fa = family(ta);
    if (!fe.equals(fa)) {
      return fail(path, "type differs: expected " + te + " vs actual " + ta, quiet);
    }
    if (fe.equals("list") || fe.equals("set") || fe.equals("map") || fe.equals("struct")
        || fe.equals("ext") || fe.equals("union")) {
      String ea = anchorOf(e, expUsed);
      String aa = anchorOf(a, actUsed);
      if ((ea == null) != (aa == null)) {
        return fail(
            path,
            "shared-identity differs: expected anchor " + ea + " vs actual anchor " + aa,
            quiet);
      }
      if (ea != null) {
        if ((amap.containsKey(ea) || amap.containsValue(aa)) && !aa.equals(amap.get(ea))) {
          return fail(path, "anchor '" + ea + "' mapped inconsistently", quiet);
        }
        amap.put(ea, aa);
      }
    }
    switch (fe) {
      case "null":
        return true;
      case "bool":
        if (e.get("v").getAsBoolean() != a.get("v").getAsBoolean()) {
          return fail(path, "expected " + e.get("v") + " vs actual " + a.get("v"), quiet);
        }
        return true;
      case "int":
        if (!new BigInteger(str(e, "v")).equals(new BigInteger(str(a, "v")))) {
          return fail(
              path, "expected " + te + " " + str(e, "v") + " vs actual " + ta + " " + str(a, "v"), quiet);
        }
        return true;
      case "float":
        if (!Floats.sameBits(Floats.parseAt(te, str(e, "v")), Floats.parseAt(ta, str(a, "v")))) {
          return fail(
              path, "expected " + te + " " + str(e, "v") + " vs actual " + ta + " " + str(a, "v"), quiet);
        }
        return true;
      case "string":
        if (!str(e, "v").equals(str(a, "v"))) {
          return fail(path, "expected " + e.get("v") + " vs actual " + a.get("v"), quiet);
        }
        return true;
      case "binary":
        {
          byte[] be = Tagged.unhex(str(e, "v"));
          byte[] ba = Tagged.unhex(str(a, "v"));
          if (!java.util.Arrays.equals(be, ba)) {
            return fail(
                path,
                "expected " + be.length + " bytes " + abbrev(Tagged.hex(be)) + " vs actual "
                    + ba.length + " bytes " + abbrev(Tagged.hex(ba)),
                quiet);
          }
          return true;
        }
      case "bool_array":
      case "int_array":
      case "float_array":
        {
          JsonArray ve = arr(e);
          JsonArray va = arr(a);
          if (ve.size() != va.size()) {
            return fail(
                path, "array length expected " + ve.size() + " vs actual " + va.size(), quiet);
          }
          for (int i = 0; i < ve.size(); i++) {
            boolean ok;
            if (fe.equals("bool_array")) {
              ok = ve.get(i).getAsBoolean() == va.get(i).getAsBoolean();
            } else if (fe.equals("int_array")) {
              ok = new BigInteger(ve.get(i).getAsString()).equals(new BigInteger(va.get(i).getAsString()));
            } else {
              ok =
                  Floats.sameBits(
                      Floats.parseAt(te.substring(0, te.length() - 6), ve.get(i).getAsString()),
                      Floats.parseAt(ta.substring(0, ta.length() - 6), va.get(i).getAsString()));
            }
            if (!ok) {
              return fail(
                  path + "[" + i + "]", "expected " + ve.get(i) + " vs actual " + va.get(i), quiet);
            }
          }
          return true;
        }
      case "timestamp":
      case "duration":
        if (!bigNanos(e).equals(bigNanos(a))) {
          return fail(
              path,
              "expected " + str(e, "seconds") + "s+" + e.get("nanos") + "ns vs actual "
                  + str(a, "seconds") + "s+" + a.get("nanos") + "ns",
              quiet);
        }
        return true;
      case "date":
        if (!new BigInteger(str(e, "days")).equals(new BigInteger(str(a, "days")))) {
          return fail(path, "expected days " + str(e, "days") + " vs actual " + str(a, "days"), quiet);
        }
        return true;
      case "decimal":
        if (!new BigInteger(str(e, "unscaled")).equals(new BigInteger(str(a, "unscaled")))
            || e.get("scale").getAsInt() != a.get("scale").getAsInt()) {
          return fail(
              path,
              "expected " + str(e, "unscaled") + "e-" + e.get("scale") + " vs actual "
                  + str(a, "unscaled") + "e-" + a.get("scale"),
              quiet);
        }
        return true;
      case "list":
        {
          JsonArray ve = arr(e);
          JsonArray va = arr(a);
          if (ve.size() != va.size()) {
            return fail(path, "list length expected " + ve.size() + " vs actual " + va.size(), quiet);
          }
          for (int i = 0; i < ve.size(); i++) {
            if (!eq(ve.get(i), va.get(i), path + "[" + i + "]", amap, quiet)) {
              return false;
            }
          }
          return true;
        }
      case "set":
        {
          JsonArray ve = arr(e);
          JsonArray va = arr(a);
          if (ve.size() != va.size()) {
            return fail(path, "set size expected " + ve.size() + " vs actual " + va.size(), quiet);
          }
          boolean[] used = new boolean[va.size()];
          for (int i = 0; i < ve.size(); i++) {
            boolean found = false;
            for (int j = 0; j < va.size() && !found; j++) {
              if (used[j]) {
                continue;
              }
              Map<String, String> trial = new HashMap<>(amap);
              if (eq(ve.get(i), va.get(j), path + "{" + i + "}", trial, true)) {
                amap.clear();
                amap.putAll(trial);
                used[j] = true;
                found = true;
              }
            }
            if (!found) {
              return fail(
                  path, "set element #" + i + " " + shortOf(ve.get(i)) + " has no equal element in actual", quiet);
            }
          }
          return true;
        }
      case "map":
        {
          JsonArray ve = arr(e);
          JsonArray va = arr(a);
          if (ve.size() != va.size()) {
            return fail(path, "map size expected " + ve.size() + " vs actual " + va.size(), quiet);
          }
          boolean[] used = new boolean[va.size()];
          for (int i = 0; i < ve.size(); i++) {
            JsonArray pe = ve.get(i).getAsJsonArray();
            int match = -1;
            Map<String, String> trial = null;
            for (int j = 0; j < va.size() && match < 0; j++) {
              if (used[j]) {
                continue;
              }
              trial = new HashMap<>(amap);
              if (eq(pe.get(0), va.get(j).getAsJsonArray().get(0), path + ".key#" + i, trial, true)) {
                match = j;
              }
            }
            if (match < 0) {
              return fail(path, "map key #" + i + " " + shortOf(pe.get(0)) + " not found in actual", quiet);
            }
            used[match] = true;
            amap.clear();
            amap.putAll(trial);
            if (!eq(pe.get(1), va.get(match).getAsJsonArray().get(1), path + "[" + shortOf(pe.get(0)) + "]", amap, quiet)) {
              return false;
            }
          }
          return true;
        }
      case "struct":
      case "ext":
      case "enum":
      case "union":
        return eqUser(fe, e, a, path, amap, quiet);
      case "unknown_struct":
        return eqUser("struct", e, a, path, amap, quiet);
      default:
        return fail(path, "unknown tagged type '" + te + "'", quiet);
    }
  }

  private boolean eqUser(
      String fe, JsonObject e, JsonObject a, String path, Map<String, String> amap, boolean quiet) {
    String et = str(e, "type");
    String at = str(a, "type");
    if (!"unknown_struct".equals(str(e, "t")) && (et == null || !et.equals(at))) {
      return fail(path, fe + " type differs: expected '" + et + "' vs actual '" + at + "'", quiet);
    }
    switch (fe) {
      case "struct":
      case "ext":
        {
          JsonObject ef = e.has("fields") ? e.getAsJsonObject("fields") : new JsonObject();
          JsonObject af = a.has("fields") ? a.getAsJsonObject("fields") : new JsonObject();
          for (Map.Entry<String, JsonElement> kv : ef.entrySet()) {
            if (!af.has(kv.getKey())) {
              return fail(path, "field '" + kv.getKey() + "' missing in actual", quiet);
            }
            if (!eq(kv.getValue(), af.get(kv.getKey()), path + "." + kv.getKey(), amap, quiet)) {
              return false;
            }
          }
          return true;
        }
      case "enum":
        if (e.has("v") && a.has("v")) {
          if (!str(e, "v").equals(str(a, "v"))) {
            return fail(path, "expected enum " + str(e, "v") + " vs actual " + str(a, "v"), quiet);
          }
        } else if (!(e.has("ordinal") && a.has("ordinal"))) {
          return fail(path, "enum: cannot compare (need 'v' or 'ordinal' on both sides)", quiet);
        }
        if (e.has("ordinal") && a.has("ordinal")
            && e.get("ordinal").getAsInt() != a.get("ordinal").getAsInt()) {
          return fail(
              path, "expected enum ordinal " + e.get("ordinal") + " vs actual " + a.get("ordinal"), quiet);
        }
        return true;
      default: // union
        {
          int ec = e.has("case") ? e.get("case").getAsInt() : -1;
          int ac = a.has("case") ? a.get("case").getAsInt() : -2;
          if (ec != ac) {
            return fail(path, "expected union case " + ec + " vs actual " + ac, quiet);
          }
          return eq(e.get("v"), a.get("v"), path + ".<case " + ec + ">", amap, quiet);
        }
    }
  }

  private static String abbrev(String h) {
    return h.length() > 64 ? h.substring(0, 64) + "..." : h;
  }

  private static String shortOf(JsonElement n) {
    if (n != null && n.isJsonObject()) {
      JsonObject o = n.getAsJsonObject();
      JsonElement v = o.get("v");
      if (v != null && v.isJsonPrimitive()) {
        String s = str(o, "t") + ":" + v;
        return s.length() > 60 ? s.substring(0, 60) : s;
      }
      return String.valueOf(str(o, "t"));
    }
    return String.valueOf(n);
  }
}
