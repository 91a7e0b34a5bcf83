package dev.ferry.peer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ferry.peer.types.Color;
import dev.ferry.peer.types.Colored;
import dev.ferry.peer.types.Containers;
import dev.ferry.peer.types.DenseArrays;
import dev.ferry.peer.types.EvolvingByIdV1;
import dev.ferry.peer.types.EvolvingByIdV2;
import dev.ferry.peer.types.EvolvingByIdV3;
import dev.ferry.peer.types.EvolvingV1;
import dev.ferry.peer.types.EvolvingV2;
import dev.ferry.peer.types.EvolvingV3;
import dev.ferry.peer.types.Holder;
import dev.ferry.peer.types.Image;
import dev.ferry.peer.types.Media;
import dev.ferry.peer.types.MediaContent;
import dev.ferry.peer.types.MediaContentList;
import dev.ferry.peer.types.Node;
import dev.ferry.peer.types.Nullables;
import dev.ferry.peer.types.NumericStruct;
import dev.ferry.peer.types.NumericStructList;
import dev.ferry.peer.types.OobHolder;
import dev.ferry.peer.types.Person;
import dev.ferry.peer.types.PersonById;
import dev.ferry.peer.types.Player;
import dev.ferry.peer.types.Point;
import dev.ferry.peer.types.Point2;
import dev.ferry.peer.types.PointSerializer;
import dev.ferry.peer.types.Poly;
import dev.ferry.peer.types.Sample;
import dev.ferry.peer.types.SampleList;
import dev.ferry.peer.types.Scalars;
import dev.ferry.peer.types.Shade;
import dev.ferry.peer.types.Shape;
import dev.ferry.peer.types.ShapeN;
import dev.ferry.peer.types.Size;
import dev.ferry.peer.types.TagIds;
import dev.ferry.peer.types.Wide;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.fory.Fory;
import org.apache.fory.annotation.Int8Type;
import org.apache.fory.annotation.UInt16Type;
import org.apache.fory.annotation.UInt32Type;
import org.apache.fory.annotation.UInt64Type;
import org.apache.fory.annotation.UInt8Type;
import org.apache.fory.serializer.UnionSerializer;
import org.apache.fory.type.BFloat16;
import org.apache.fory.type.BFloat16Array;
import org.apache.fory.type.Float16;
import org.apache.fory.type.Float16Array;
import org.apache.fory.type.union.Union;

/**
 * The peer's user types (see peers/README.md "User types"): registration on a Fory instance and
 * conversion between tagged values ({"t":"struct"|"enum"|"union"|"ext"}) and the Java objects.
 */
final class Structs {
  private Structs() {}

  /** One registered user type. */
  static final class Entry {
    final String key; // tagged "type": "example.Person" or "200"
    final Class<?> cls;
    final String kind; // struct | enum | union | ext
    final String namespace; // by name
    final String typeName;
    final int id; // by id, else -1

    Entry(String key, Class<?> cls, String kind) {
      this.key = key;
      this.cls = cls;
      this.kind = kind;
      int dot = key.lastIndexOf('.');
      if (dot >= 0) {
        namespace = key.substring(0, dot);
        typeName = key.substring(dot + 1);
        id = -1;
      } else {
        namespace = null;
        typeName = null;
        id = Integer.parseInt(key);
      }
    }
  }

  /** Unions Shape (id 208) and ShapeN (example.ShapeN): Java type of each case. */
  static final Map<Integer, Class<?>> SHAPE_CASES =
      Map.of(0, Integer.class, 1, String.class, 2, PersonById.class);

  /** The types registered on one Fory instance (schemaVersion selects the Evolving classes). */
  static final class Registry {
    final int schemaVersion;
    final boolean dottedNames;
    final String namespace;
    final Set<String> omit;
    final Map<String, Entry> byKey = new LinkedHashMap<>();
    final Map<Class<?>, Entry> byClass = new LinkedHashMap<>();

    Registry(int schemaVersion, boolean dottedNames) {
      this(schemaVersion, dottedNames, "example", Set.of());
    }

    Registry(int schemaVersion, boolean dottedNames, String namespace, Set<String> omit) {
      this.schemaVersion = schemaVersion;
      this.dottedNames = dottedNames;
      this.namespace = namespace;
      this.omit = omit;
      Class<?> evName = schemaVersion == 1 ? EvolvingV1.class : schemaVersion == 2 ? EvolvingV2.class : EvolvingV3.class;
      Class<?> evId =
          schemaVersion == 1 ? EvolvingByIdV1.class : schemaVersion == 2 ? EvolvingByIdV2.class : EvolvingByIdV3.class;
      add("example.Person", Person.class, "struct");
      add("200", PersonById.class, "struct");
      add("example.Node", Node.class, "struct");
      add("201", Scalars.class, "struct");
      add("202", Containers.class, "struct");
      add("203", Color.class, "enum");
      add("example.Shade", Shade.class, "enum");
      add("204", Colored.class, "struct");
      add("205", Nullables.class, "struct");
      add("206", Poly.class, "struct");
      add("example.Evolving", evName, "struct");
      add("207", evId, "struct");
      add("208", Shape.class, "union");
      add("example.ShapeN", ShapeN.class, "union");
      add("209", Point.class, "ext");
      add("example.Point2", Point2.class, "ext");
      add("210", Holder.class, "struct");
      add("211", DenseArrays.class, "struct");
      add("212", TagIds.class, "struct");
      add("213", Wide.class, "struct");
      add("214", OobHolder.class, "struct");
      add("1", NumericStruct.class, "struct");
      add("2", Sample.class, "struct");
      add("3", Media.class, "struct");
      add("4", Image.class, "struct");
      add("5", MediaContent.class, "struct");
      add("6", NumericStructList.class, "struct");
      add("7", SampleList.class, "struct");
      add("8", MediaContentList.class, "struct");
      add("101", Player.class, "enum");
      add("102", Size.class, "enum");
    }

    private void add(String key, Class<?> cls, String kind) {
      if (key.startsWith("example.")) {
        key = namespace + key.substring("example".length());
      }
      Entry e = new Entry(key, cls, kind);
      byKey.put(key, e);
      byClass.put(cls, e);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void registerAll(Fory fory) {
      for (Entry e : byKey.values()) {
        if (omit.contains(e.key)) {
          continue;
        }
        if (e.kind.equals("union")) {
          UnionSerializer s = new UnionSerializer(fory.getTypeResolver(), (Class) e.cls);
          if (e.id >= 0) {
            fory.registerUnion(e.cls, e.id, s);
          } else if (dottedNames) {
            fory.registerUnion(e.cls, e.key, s);
          } else {
            fory.registerUnion(e.cls, e.namespace, e.typeName, s);
          }
          continue;
        }
        if (e.id >= 0) {
          fory.register(e.cls, e.id);
        } else if (dottedNames) {
          fory.register(e.cls, e.key);
        } else {
          fory.register(e.cls, e.namespace, e.typeName);
        }
        if (e.kind.equals("ext")) {
          fory.registerSerializer(e.cls, new PointSerializer(fory.getConfig(), e.cls));
        }
      }
    }
  }

  /** Registry of the current Fory instance (set by Main.configure). */
  static volatile Registry current = new Registry(1, false);

  static Entry entryOf(Object x) {
    return x == null ? null : current.byClass.get(x.getClass());
  }

  /** Struct/ext/union objects take part in identity (anchors), like containers. */
  static boolean isIdentityObject(Object x) {
    Entry e = entryOf(x);
    return e != null && !e.kind.equals("enum");
  }

  /** Children of a struct/ext/union object, in field order. */
  static List<Object> children(Object x) {
    Entry e = entryOf(x);
    List<Object> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (x instanceof Union) {
      out.add(((Union) x).getValue());
      return out;
    }
    for (Field f : fields(e.cls).values()) {
      try {
        out.add(f.get(x));
      } catch (IllegalAccessException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ fields

  private static final Map<Class<?>, Map<String, Field>> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

  /** snake_case(name) -> field, declaration order. */
  static Map<String, Field> fields(Class<?> cls) {
    return FIELDS.computeIfAbsent(
        cls,
        c -> {
          Map<String, Field> m = new LinkedHashMap<>();
          for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
              continue;
            }
            f.setAccessible(true);
            m.put(snake(f.getName()), f);
          }
          return m;
        });
  }

  static String snake(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  // ------------------------------------------------------------ tagged -> Java

  private static Entry entryFor(JsonObject n, Class<?> expected) {
    String t = n.get("t").getAsString();
    JsonElement te = n.get("type");
    if (te == null || !te.isJsonPrimitive()) {
      throw new Tagged.TaggedException(t + ": 'type' must be the registered name or id as a string");
    }
    String key = te.getAsString();
    Entry e = current.byKey.get(key);
    if (e == null) {
      throw new Tagged.TaggedException(t + ": type '" + key + "' is not one of the peer's user types");
    }
    if (!e.kind.equals(t)) {
      throw new Tagged.TaggedException("type '" + key + "' is a " + e.kind + ", not a " + t);
    }
    if (expected != null && expected != e.cls) {
      throw new Tagged.TaggedException(
          "type '" + key + "' where the field declares " + expected.getSimpleName());
    }
    return e;
  }

  static Object buildUser(JsonObject n, Tagged.Builder b, Class<?> expected) {
    Entry e = entryFor(n, expected);
    switch (e.kind) {
      case "enum":
        return buildEnum(e, n);
      case "union":
        {
          JsonElement c = n.get("case");
          if (c == null || !c.isJsonPrimitive() || !c.getAsJsonPrimitive().isNumber()) {
            throw new Tagged.TaggedException("union: 'case' must be an integer");
          }
          int caseId = c.getAsInt();
          Class<?> ct = SHAPE_CASES.get(caseId);
          if (ct == null) {
            throw new Tagged.TaggedException("union " + e.key + ": unknown case " + caseId);
          }
          if (!n.has("v")) {
            throw new Tagged.TaggedException("union: needs 'v'");
          }
          Object caseValue = buildAs(n.get("v"), ct, null, b);
          try {
            return e.cls.getDeclaredConstructor(int.class, Object.class).newInstance(caseId, caseValue);
          } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
          }
        }
      default:
        {
          JsonElement fe = n.get("fields");
          if (fe != null && !fe.isJsonObject()) {
            throw new Tagged.TaggedException(e.kind + ": 'fields' must be an object");
          }
          Object obj;
          try {
            obj = e.cls.getDeclaredConstructor().newInstance();
          } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
          }
          JsonElement an = n.get("anchor");
          if (an != null && !an.isJsonNull()) {
            String a = an.getAsString();
            if (b.anchors.containsKey(a)) {
              throw new Tagged.TaggedException("duplicate anchor '" + a + "'");
            }
            b.anchors.put(a, obj);
          }
          if (fe == null) {
            return obj;
          }
          Map<String, Field> fs = fields(e.cls);
          for (Map.Entry<String, JsonElement> kv : fe.getAsJsonObject().entrySet()) {
            Field f = fs.get(kv.getKey());
            if (f == null) {
              throw new Tagged.TaggedException(
                  e.kind + " " + e.key + ": no field '" + kv.getKey() + "' (fields: " + String.join(", ", fs.keySet()) + ")");
            }
            Object v = buildAs(kv.getValue(), f.getGenericType(), f.getAnnotatedType(), b);
            if (v == null && f.getType().isPrimitive()) {
              throw new Tagged.TaggedException("field '" + kv.getKey() + "' is a Java primitive; null impossible");
            }
            try {
              f.set(obj, v);
            } catch (IllegalAccessException | IllegalArgumentException ex) {
              throw new Tagged.TaggedException(
                  "field '" + kv.getKey() + "': cannot store " + (v == null ? "null" : v.getClass().getSimpleName()) + ": " + ex.getMessage());
            }
          }
          return obj;
        }
    }
  }

  private static Object buildEnum(Entry e, JsonObject n) {
    Object[] consts = e.cls.getEnumConstants();
    JsonElement v = n.get("v");
    if (v != null && !v.isJsonNull()) {
      for (Object c : consts) {
        if (((Enum<?>) c).name().equals(v.getAsString())) {
          JsonElement o = n.get("ordinal");
          if (o != null && o.getAsInt() != ((Enum<?>) c).ordinal()) {
            throw new Tagged.TaggedException("enum " + e.key + ": name and ordinal disagree");
          }
          return c;
        }
      }
      throw new Tagged.TaggedException("enum " + e.key + ": no member '" + v.getAsString() + "'");
    }
    JsonElement o = n.get("ordinal");
    if (o == null || !o.isJsonPrimitive() || o.getAsInt() < 0 || o.getAsInt() >= consts.length) {
      throw new Tagged.TaggedException(
          "enum " + e.key + ": needs 'v' (name) or 'ordinal' in [0, " + consts.length + ")");
    }
    return consts[o.getAsInt()];
  }

  private static Class<?> raw(Type t) {
    if (t instanceof Class) {
      return (Class<?>) t;
    }
    if (t instanceof ParameterizedType) {
      return (Class<?>) ((ParameterizedType) t).getRawType();
    }
    return Object.class;
  }

  private static Type arg(Type t, int i) {
    if (t instanceof ParameterizedType) {
      return ((ParameterizedType) t).getActualTypeArguments()[i];
    }
    return Object.class;
  }

  private static String tag(JsonObject n) {
    JsonElement t = n.get("t");
    if (t == null || !t.isJsonPrimitive()) {
      throw new Tagged.TaggedException("tagged value lacks 't'");
    }
    return t.getAsString();
  }

  private static BigInteger intOf(JsonObject n, String want) {
    String t = tag(n);
    if (!Tagged.INT_TYPES.contains(t)) {
      throw new Tagged.TaggedException("field declared " + want + " got tagged " + t);
    }
    JsonElement v = n.get("v");
    return Tagged.parseInt(t, v == null || v.isJsonNull() ? null : v.getAsString());
  }

  private static double floatOf(JsonObject n, String want) {
    String t = tag(n);
    if (!Tagged.FLOAT_TYPES.contains(t)) {
      throw new Tagged.TaggedException("field declared " + want + " got tagged " + t);
    }
    return Floats.parseAt(t, n.get("v").getAsString());
  }

  private static List<String> arrayItems(JsonObject n, String... allowed) {
    String t = tag(n);
    if (!java.util.Arrays.asList(allowed).contains(t)) {
      throw new Tagged.TaggedException("field declared " + String.join("|", allowed) + " got tagged " + t);
    }
    List<String> out = new ArrayList<>();
    for (JsonElement e : n.getAsJsonArray("v")) {
      out.add(e.getAsString());
    }
    return out;
  }

  /** Builds a tagged value for a struct field / union case declared as {@code type}. */
  static Object buildAs(JsonElement el, Type type, AnnotatedType at, Tagged.Builder b) {
    Object v = buildAs0(el, type, at, b);
    // binary / dense arrays may carry an "anchor" (write-side identity, see Tagged.Builder.anchored)
    if (v != null && (v.getClass().isArray() || v instanceof Float16Array || v instanceof BFloat16Array)) {
      JsonObject n = el.getAsJsonObject();
      JsonElement an = n.get("anchor");
      if (an != null && !an.isJsonNull() && !"refto".equals(tag(n))) {
        Object prev = b.anchors.get(an.getAsString());
        if (prev == null) {
          b.anchors.put(an.getAsString(), v);
        } else if (prev != v) {
          throw new Tagged.TaggedException("duplicate anchor '" + an.getAsString() + "'");
        }
      }
    }
    return v;
  }

  private static Object buildAs0(JsonElement el, Type type, AnnotatedType at, Tagged.Builder b) {
    if (el == null || !el.isJsonObject()) {
      throw new Tagged.TaggedException("tagged value must be an object with 't'");
    }
    JsonObject n = el.getAsJsonObject();
    String t = tag(n);
    if (t.equals("refto") || t.equals("null")) {
      return b.build(el);
    }
    Class<?> c = raw(type);
    if (c == Object.class) {
      return b.build(el);
    }
    if (c == int.class || c == Integer.class) {
      return intOf(n, "int32").intValue();
    }
    if (c == long.class || c == Long.class) {
      return intOf(n, "int64").longValue();
    }
    if (c == short.class || c == Short.class) {
      return intOf(n, "int16").shortValue();
    }
    if (c == byte.class || c == Byte.class) {
      return intOf(n, "int8").byteValue();
    }
    if (c == float.class || c == Float.class) {
      return (float) floatOf(n, "float32");
    }
    if (c == double.class || c == Double.class) {
      return floatOf(n, "float64");
    }
    if (c == Float16.class) {
      return Tagged.toFloat16(floatOf(n, "float16"));
    }
    if (c == BFloat16.class) {
      return Tagged.toBFloat16(floatOf(n, "bfloat16"));
    }
    if (c == boolean.class || c == Boolean.class) {
      if (!t.equals("bool")) {
        throw new Tagged.TaggedException("field declared bool got tagged " + t);
      }
      return b.build(el);
    }
    if (c == String.class) {
      if (!t.equals("string")) {
        throw new Tagged.TaggedException("field declared string got tagged " + t);
      }
      return b.build(el);
    }
    if (c == byte[].class) {
      if (t.equals("binary")) {
        return b.build(el);
      }
      List<String> items = arrayItems(n, "int8_array", "uint8_array");
      byte[] out = new byte[items.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Tagged.parseInt(t.substring(0, t.length() - 6), items.get(i)).byteValue();
      }
      return out;
    }
    if (c == short[].class) {
      List<String> items = arrayItems(n, "int16_array", "uint16_array");
      short[] out = new short[items.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Tagged.parseInt(t.substring(0, t.length() - 6), items.get(i)).shortValue();
      }
      return out;
    }
    if (c == int[].class) {
      List<String> items = arrayItems(n, "int32_array", "uint32_array");
      int[] out = new int[items.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Tagged.parseInt(t.substring(0, t.length() - 6), items.get(i)).intValue();
      }
      return out;
    }
    if (c == long[].class) {
      List<String> items = arrayItems(n, "int64_array", "uint64_array");
      long[] out = new long[items.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Tagged.parseInt(t.substring(0, t.length() - 6), items.get(i)).longValue();
      }
      return out;
    }
    if (c == boolean[].class || c == float[].class || c == double[].class) {
      String want = c == boolean[].class ? "bool_array" : c == float[].class ? "float32_array" : "float64_array";
      if (TaggedEq.family(t).equals(TaggedEq.family(want)) && (t.equals("bool_array") == want.equals("bool_array"))) {
        if (c == float[].class && !t.equals("float32_array")) {
          List<String> items = arrayItems(n, t);
          float[] out = new float[items.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = (float) Floats.parseAt(t.substring(0, t.length() - 6), items.get(i));
          }
          return out;
        }
        if (c == double[].class && !t.equals("float64_array")) {
          List<String> items = arrayItems(n, t);
          double[] out = new double[items.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = Floats.parseAt(t.substring(0, t.length() - 6), items.get(i));
          }
          return out;
        }
        return b.build(el);
      }
      throw new Tagged.TaggedException("field declared " + want + " got tagged " + t);
    }
    if (c == Float16Array.class || c == BFloat16Array.class) {
      List<String> items = arrayItems(n, "float16_array", "bfloat16_array", "float32_array", "float64_array");
      float[] f = new float[items.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) Floats.parseAt(t.substring(0, t.length() - 6), items.get(i));
      }
      return c == Float16Array.class ? Float16Array.fromFloats(f) : BFloat16Array.fromFloats(f);
    }
    if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
      boolean isMap = Map.class.isAssignableFrom(c);
      boolean isSet = Set.class.isAssignableFrom(c);
      String want = isMap ? "map" : isSet ? "set" : "list";
      if (!t.equals(want)) {
        throw new Tagged.TaggedException("field declared " + want + " got tagged " + t);
      }
      JsonElement an = n.get("anchor");
      String anchor = an == null || an.isJsonNull() ? null : an.getAsString();
      if (anchor != null && b.anchors.containsKey(anchor)) {
        throw new Tagged.TaggedException("duplicate anchor '" + anchor + "'");
      }
      JsonArray items = n.getAsJsonArray("v");
      if (isMap) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (anchor != null) {
          b.anchors.put(anchor, out);
        }
        for (JsonElement p : items) {
          JsonArray pair = p.getAsJsonArray();
          out.put(buildAs(pair.get(0), arg(type, 0), null, b), buildAs(pair.get(1), arg(type, 1), null, b));
        }
        return out;
      }
      Collection<Object> out = isSet ? new LinkedHashSet<>() : new ArrayList<>();
      if (anchor != null) {
        b.anchors.put(anchor, out);
      }
      for (JsonElement x : items) {
        out.add(buildAs(x, arg(type, 0), null, b));
      }
      return out;
    }
    Entry e = current.byClass.get(c);
    if (e != null) {
      if (!t.equals(e.kind)) {
        throw new Tagged.TaggedException("field declared " + c.getSimpleName() + " got tagged " + t);
      }
      return buildUser(n, b, c);
    }
    return b.build(el);
  }

  // ------------------------------------------------------------ Java -> tagged

  private static boolean has(AnnotatedType at, Class<? extends Annotation> a) {
    if (at == null) {
      return false;
    }
    if (at.getAnnotation(a) != null) {
      return true;
    }
    return at instanceof AnnotatedArrayType
        && ((AnnotatedArrayType) at).getAnnotatedGenericComponentType().getAnnotation(a) != null;
  }

  /** Describes a user object (struct/ext/enum/union), or returns null if x is none. */
  static JsonObject describeUser(Object x, String anchor, Tagged.Describer d) {
    Entry e = entryOf(x);
    if (e == null) {
      return null;
    }
    JsonObject o = new JsonObject();
    switch (e.kind) {
      case "enum":
        o.addProperty("t", "enum");
        o.addProperty("type", e.key);
        o.addProperty("v", ((Enum<?>) x).name());
        o.addProperty("ordinal", ((Enum<?>) x).ordinal());
        return o;
      case "union":
        o.addProperty("t", "union");
        o.addProperty("type", e.key);
        if (anchor != null) {
          o.addProperty("anchor", anchor);
        }
        o.addProperty("case", ((Union) x).getIndex());
        o.add("v", d.describe(((Union) x).getValue()));
        return o;
      default:
        o.addProperty("t", e.kind);
        o.addProperty("type", e.key);
        if (anchor != null) {
          o.addProperty("anchor", anchor);
        }
        JsonObject fo = new JsonObject();
        for (Map.Entry<String, Field> kv : fields(e.cls).entrySet()) {
          Field f = kv.getValue();
          Object v;
          try {
            v = f.get(x);
          } catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
          }
          fo.add(kv.getKey(), describeField(v, f, d));
        }
        o.add("fields", fo);
        return o;
    }
  }

  private static JsonObject scalar(String t, String v) {
    JsonObject o = new JsonObject();
    o.addProperty("t", t);
    o.addProperty("v", v);
    return o;
  }

  private static JsonObject arrayNode(String t, JsonArray a) {
    JsonObject o = new JsonObject();
    o.addProperty("t", t);
    o.add("v", a);
    return o;
  }

  /** Field value described with the declared (annotated) xlang type where Java's carrier is wider. */
  private static JsonElement describeField(Object v, Field f, Tagged.Describer d) {
    if (v == null) {
      return d.describe(null);
    }
    AnnotatedType at = f.getAnnotatedType();
    if (v instanceof Integer && has(at, UInt8Type.class)) {
      return scalar("uint8", v.toString());
    }
    if (v instanceof Integer && has(at, UInt16Type.class)) {
      return scalar("uint16", v.toString());
    }
    if (v instanceof Long && has(at, UInt32Type.class)) {
      return scalar("uint32", Long.toString((Long) v & 0xffffffffL));
    }
    if (v instanceof Long && has(at, UInt64Type.class)) {
      return scalar("uint64", Long.toUnsignedString((Long) v));
    }
    if (v instanceof byte[] && (has(at, Int8Type.class) || has(at, UInt8Type.class))) {
      boolean u = has(at, UInt8Type.class);
      JsonArray a = new JsonArray();
      for (byte x : (byte[]) v) {
        a.add(Integer.toString(u ? x & 0xff : x));
      }
      return arrayNode(u ? "uint8_array" : "int8_array", a);
    }
    if (v instanceof short[] && has(at, UInt16Type.class)) {
      JsonArray a = new JsonArray();
      for (short x : (short[]) v) {
        a.add(Integer.toString(x & 0xffff));
      }
      return arrayNode("uint16_array", a);
    }
    if (v instanceof int[] && has(at, UInt32Type.class)) {
      JsonArray a = new JsonArray();
      for (int x : (int[]) v) {
        a.add(Long.toString(x & 0xffffffffL));
      }
      return arrayNode("uint32_array", a);
    }
    if (v instanceof long[] && has(at, UInt64Type.class)) {
      JsonArray a = new JsonArray();
      for (long x : (long[]) v) {
        a.add(Long.toUnsignedString(x));
      }
      return arrayNode("uint64_array", a);
    }
    return d.describe(v);
  }
}
