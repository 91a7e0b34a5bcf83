package dev.ferry.peer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.fory.Fory;
import org.apache.fory.memory.MemoryBuffer;

/**
 * Ferry cross-language test peer backed by the official Java runtime (fory-core). One JSON
 * request per line on stdin, one JSON response per line on stdout; see peers/README.md.
 */
public final class Main {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  /** A request running longer than this is answered with an error and the peer exits. */
  private static final long DEADLINE_MS =
      (long) (Double.parseDouble(System.getenv().getOrDefault("FERRY_PEER_DEADLINE_S", "25")) * 1000);

  private static PrintStream proto;

  private Fory fory;
  private boolean ref = false;
  private boolean compatible = true;

  private Integer maxDepth = null;
  private int schemaVersion = 1;
  private boolean dottedNames = false;

  private Main() {
    configure(false, true, null, 1, false);
  }

  private void configure(
      boolean ref, boolean compatible, Integer maxDepth, int schemaVersion, boolean dottedNames) {
    configure(ref, compatible, maxDepth, schemaVersion, dottedNames, "example", java.util.Set.of());
  }

  private void configure(
      boolean ref,
      boolean compatible,
      Integer maxDepth,
      int schemaVersion,
      boolean dottedNames,
      String namespace,
      java.util.Set<String> omit) {
    org.apache.fory.config.ForyBuilder b =
        Fory.builder()
            .withXlang(true)
            .withRefTracking(ref)
            .withCompatible(compatible)
            .requireClassRegistration(false)
            .suppressClassRegistrationWarnings(true);
    if (maxDepth != null) {
      b.withMaxDepth(maxDepth);
    }
    Fory f = b.build();
    Structs.Registry registry = new Structs.Registry(schemaVersion, dottedNames, namespace, omit);
    registry.registerAll(f);
    Structs.current = registry;
    this.fory = f;
    this.schemaVersion = schemaVersion;
    this.dottedNames = dottedNames;
    this.ref = ref;
    this.compatible = compatible;
    this.maxDepth = maxDepth;
  }

  public static void main(String[] args) throws Exception {
    // Protocol output goes to the real stdout; everything else printed via System.out
    // (library logging) is redirected to stderr so it cannot corrupt the JSON stream.
    proto = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Main peer = new Main();
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(null, r, "ferry-peer-worker", 1L << 28); // deep graphs
              t.setDaemon(true);
              return t;
            });
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    String line;
    while ((line = in.readLine()) != null) {
      line = line.trim();
      if (line.isEmpty()) {
        continue;
      }
      JsonObject req;
      try {
        JsonElement el = JsonParser.parseString(line);
        if (!el.isJsonObject()) {
          throw new IllegalArgumentException("request must be a JSON object");
        }
        req = el.getAsJsonObject();
      } catch (RuntimeException e) {
        JsonObject r = new JsonObject();
        r.add("id", JsonNull.INSTANCE);
        r.addProperty("ok", false);
        r.addProperty("error", "ProtocolError: bad JSON request: " + e.getMessage());
        write(r);
        continue;
      }
      JsonElement id = req.has("id") ? req.get("id") : JsonNull.INSTANCE;
      final JsonObject request = req;
      Future<JsonObject> fut = worker.submit(() -> peer.handleSafely(request));
      JsonObject resp;
      try {
        resp = fut.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        JsonObject r = new JsonObject();
        r.add("id", id);
        r.addProperty("ok", false);
        r.addProperty(
            "error",
            "PeerTimeout: request ran longer than " + DEADLINE_MS / 1000.0 + "s; java peer is exiting");
        write(r);
        System.err.println("ferry java peer: request deadline exceeded, exiting");
        System.err.flush();
        Runtime.getRuntime().halt(3);
        return;
      } catch (ExecutionException e) {
        resp = error(e.getCause());
      }
      JsonObject out = new JsonObject();
      out.add("id", id);
      for (String k : resp.keySet()) {
        out.add(k, resp.get(k));
      }
      write(out);
    }
    proto.flush();
    System.exit(0);
  }

  private static synchronized void write(JsonObject o) {
    // ASCII-only output: escape every non-ASCII char (also keeps lone surrogates intact).
    String s = GSON.toJson(o);
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    proto.print(sb);
    proto.print('\n');
    proto.flush();
  }

  private static JsonObject error(Throwable e) {
    JsonObject r = new JsonObject();
    r.addProperty("ok", false);
    if (e instanceof Tagged.Unsupported) {
      r.addProperty("unsupported", true);
      r.addProperty("error", "Unsupported: " + e.getMessage());
      return r;
    }
    String cls =
        (e instanceof Tagged.TaggedException || e instanceof Floats.BadFloat)
            ? "TaggedError"
            : e.getClass().getName();
    StringBuilder msg = new StringBuilder(cls + ": " + e.getMessage());
    Throwable c = e.getCause();
    int depth = 0;
    while (c != null && c != e && depth++ < 5) {
      msg.append(" | caused by ").append(c.getClass().getName()).append(": ").append(c.getMessage());
      c = c.getCause();
    }
    r.addProperty("error", msg.toString());
    if (!(e instanceof Tagged.TaggedException) && !(e instanceof Floats.BadFloat)) {
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      String trace = sw.toString();
      System.err.println(trace.length() > 4000 ? trace.substring(0, 4000) + "..." : trace);
      System.err.flush();
    }
    return r;
  }

  private JsonObject handleSafely(JsonObject req) {
    try {
      return handle(req);
    } catch (Throwable t) { // incl. StackOverflowError / OutOfMemoryError: never die on bad input
      return error(t);
    }
  }

  private JsonObject handle(JsonObject req) {
    String op = req.has("op") && req.get("op").isJsonPrimitive() ? req.get("op").getAsString() : null;
    if (op == null) {
      throw new Tagged.TaggedException("request lacks 'op'");
    }
    switch (op) {
      case "hello":
        {
          JsonObject r = ok();
          r.addProperty("peer", "java");
          r.addProperty("runtime", "fory-core");
          r.addProperty("version", foryVersion());
          r.addProperty("java", System.getProperty("java.version"));
          r.addProperty("ref", ref);
          r.addProperty("compatible", compatible);
          r.addProperty("schemaVersion", schemaVersion);
          return r;
        }
      case "config":
        {
          boolean newRef = bool(req, "ref", false);
          boolean newCompat = bool(req, "compatible", true);
          Integer newDepth = null;
          JsonElement d = req.get("maxDepth");
          if (d != null && !d.isJsonNull()) {
            if (!d.isJsonPrimitive() || !d.getAsJsonPrimitive().isNumber() || d.getAsDouble() < 1
                || d.getAsDouble() != Math.floor(d.getAsDouble())) {
              throw new Tagged.TaggedException("config 'maxDepth' must be a positive integer");
            }
            newDepth = d.getAsInt();
          }
          int newVersion = 1;
          JsonElement sv = req.get("schemaVersion");
          if (sv != null && !sv.isJsonNull()) {
            if (!sv.isJsonPrimitive() || !sv.getAsJsonPrimitive().isNumber()
                || (sv.getAsDouble() != 1 && sv.getAsDouble() != 2 && sv.getAsDouble() != 3)) {
              throw new Tagged.TaggedException("config 'schemaVersion' must be 1, 2 or 3");
            }
            newVersion = sv.getAsInt();
          }
          boolean newDotted = bool(req, "dottedNames", false);
          String newNamespace = "example";
          JsonElement ns = req.get("namespace");
          if (ns != null && !ns.isJsonNull()) {
            if (!ns.isJsonPrimitive() || !ns.getAsJsonPrimitive().isString() || ns.getAsString().isEmpty()) {
              throw new Tagged.TaggedException("config 'namespace' must be a non-empty string");
            }
            newNamespace = ns.getAsString();
          }
          java.util.Set<String> newOmit = new java.util.LinkedHashSet<>();
          JsonElement om = req.get("omitTypes");
          if (om != null && !om.isJsonNull()) {
            if (!om.isJsonArray()) {
              throw new Tagged.TaggedException("config 'omitTypes' must be a list of type keys");
            }
            for (JsonElement k : om.getAsJsonArray()) {
              newOmit.add(k.getAsString());
            }
          }
          configure(newRef, newCompat, newDepth, newVersion, newDotted, newNamespace, newOmit);
          JsonObject r = ok();
          r.addProperty("ref", newRef);
          r.addProperty("compatible", newCompat);
          r.addProperty("maxDepth", newDepth);
          r.addProperty("schemaVersion", newVersion);
          if (newDotted) {
            r.addProperty("dottedNames", true);
          }
          if (!newNamespace.equals("example")) {
            r.addProperty("namespace", newNamespace);
          }
          if (!newOmit.isEmpty()) {
            r.add("omitTypes", om);
          }
          return r;
        }
      case "write":
        {
          Oob oob = Oob.parse(req.get("oob"), "oob");
          Tagged.Builder b = new Tagged.Builder();
          Object v = b.build(need(req, "value"));
          byte[] data = serialize(v, oob);
          JsonObject r = ok();
          r.addProperty("hex", Tagged.hex(data));
          addOob(r, oob, "buffers", "bufferObjects");
          warnings(r, b);
          return r;
        }
      case "read":
        {
          JsonElement h = need(req, "hex");
          Oob re = Oob.parse(req.get("reserializeOob"), "reserializeOob");
          List<MemoryBuffer> buffers = Oob.parseBuffers(req.get("buffers"));
          byte[] data = Tagged.unhex(h.getAsString());
          MemoryBuffer buf = MemoryBuffer.fromByteArray(data);
          // With "buffers" (even empty) the buffers-taking deserialize is called.
          Object v = buffers == null ? fory.deserialize(buf) : fory.deserialize(buf, buffers);
          return report(v, buf.readerIndex(), data.length, req.get("expect"), re);
        }
      case "roundtrip":
        {
          Oob oob = Oob.parse(req.get("oob"), "oob");
          Oob re = Oob.parse(req.get("reserializeOob"), "reserializeOob");
          Tagged.Builder b = new Tagged.Builder();
          JsonElement value = need(req, "value");
          Object v = b.build(value);
          byte[] data = serialize(v, oob);
          MemoryBuffer buf = MemoryBuffer.fromByteArray(data);
          Object back;
          if (oob.hasCallback()) {
            List<MemoryBuffer> buffers = new ArrayList<>();
            for (byte[] x : oob.buffers) {
              buffers.add(MemoryBuffer.fromByteArray(x));
            }
            back = fory.deserialize(buf, buffers);
          } else {
            back = fory.deserialize(buf);
          }
          JsonObject r = report(back, buf.readerIndex(), data.length, value, re);
          r.addProperty("writtenHex", Tagged.hex(data));
          addOob(r, oob, "buffers", "bufferObjects");
          warnings(r, b);
          return r;
        }
      default:
        throw new Tagged.TaggedException("unknown op '" + op + "'");
    }
  }

  /** Serializes with no callback (mode none) or with the mode's buffer callback. */
  private byte[] serialize(Object v, Oob oob) {
    return oob.hasCallback() ? fory.serialize(v, oob.callback()) : fory.serialize(v);
  }

  /** Adds the out-of-band buffers and the buffer-object log when a callback was given. */
  private static void addOob(JsonObject r, Oob oob, String buffersKey, String objectsKey) {
    if (oob.hasCallback()) {
      r.add(buffersKey, oob.buffersHex());
      r.add(objectsKey, oob.objects);
    }
  }

  private JsonObject report(Object v, int consumed, int total, JsonElement expect, Oob re) {
    JsonObject r = ok();
    JsonElement desc = Tagged.describe(v);
    r.add("value", desc);
    r.addProperty("consumed", consumed);
    if (consumed != total) {
      r.addProperty("trailing", total - consumed);
    }
    if (expect != null && !expect.isJsonNull()) {
      String diff = TaggedEq.compare(expect, desc);
      r.addProperty("equal", diff == null);
      if (diff != null) {
        r.addProperty("diff", diff);
      }
    }
    try {
      r.addProperty("hex", Tagged.hex(serialize(v, re)));
      addOob(r, re, "reserializeBuffers", "reserializeBufferObjects");
    } catch (Throwable t) {
      r.add("hex", JsonNull.INSTANCE);
      r.addProperty("reserializeError", t.getClass().getName() + ": " + t.getMessage());
    }
    return r;
  }

  private static void warnings(JsonObject r, Tagged.Builder b) {
    if (!b.warnings.isEmpty()) {
      JsonArray w = new JsonArray();
      b.warnings.forEach(w::add);
      r.add("warnings", w);
    }
  }

  private static JsonObject ok() {
    JsonObject r = new JsonObject();
    r.addProperty("ok", true);
    return r;
  }

  private static JsonElement need(JsonObject req, String k) {
    JsonElement e = req.get(k);
    if (e == null || e.isJsonNull()) {
      throw new Tagged.TaggedException("request needs '" + k + "'");
    }
    return e;
  }

  private static boolean bool(JsonObject req, String k, boolean dflt) {
    JsonElement e = req.get(k);
    if (e == null || e.isJsonNull()) {
      return dflt;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new Tagged.TaggedException("config '" + k + "' must be a boolean");
    }
    return e.getAsBoolean();
  }

  private static String foryVersion() {
    try (InputStream in =
        Fory.class.getResourceAsStream("/META-INF/maven/org.apache.fory/fory-core/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      }
    } catch (Exception ignored) {
      // fall through
    }
    String v = Fory.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
