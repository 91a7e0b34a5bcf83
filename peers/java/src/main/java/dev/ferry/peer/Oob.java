package dev.ferry.peer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.serializer.BufferCallback;
import org.apache.fory.serializer.BufferObject;

/**
 * Out-of-band buffer modes of the protocol ("oob" on write/roundtrip, "reserializeOob" on read;
 * see peers/README.md "Out-of-band buffers"). One instance records what the callback saw during
 * one serialize call.
 */
final class Oob {
  /** none = no callback at all; otherwise a callback deciding per buffer object. */
  enum Mode {
    NONE,
    INBAND,
    ALL,
    ALTERNATE,
    ABOVE
  }

  final Mode mode;
  final long above;
  /** Out-of-band buffers (toBuffer() of the objects the callback sent out-of-band), in order. */
  final List<byte[]> buffers = new ArrayList<>();
  /** Every buffer object the callback saw, in order. */
  final JsonArray objects = new JsonArray();

  private Oob(Mode mode, long above) {
    this.mode = mode;
    this.above = above;
  }

  /** Parses an "oob" request field; absent/null/"none" gives mode NONE. */
  static Oob parse(JsonElement e, String field) {
    if (e == null || e.isJsonNull()) {
      return new Oob(Mode.NONE, 0);
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      switch (e.getAsString()) {
        case "none":
          return new Oob(Mode.NONE, 0);
        case "inband":
          return new Oob(Mode.INBAND, 0);
        case "all":
          return new Oob(Mode.ALL, 0);
        case "alternate":
          return new Oob(Mode.ALTERNATE, 0);
        default:
          break;
      }
    } else if (e.isJsonObject() && e.getAsJsonObject().size() == 1 && e.getAsJsonObject().has("above")) {
      JsonElement n = e.getAsJsonObject().get("above");
      if (n.isJsonPrimitive() && n.getAsJsonPrimitive().isNumber()) {
        double d = n.getAsDouble();
        if (d >= 0 && d == Math.floor(d) && d < 1e15) {
          return new Oob(Mode.ABOVE, (long) d);
        }
      }
    }
    throw new Tagged.TaggedException(
        "'" + field + "' must be \"none\", \"inband\", \"all\", \"alternate\" or {\"above\": N} (N >= 0)");
  }

  boolean hasCallback() {
    return mode != Mode.NONE;
  }

  /** The callback: returns true = in-band, false = out-of-band (fory-core's BufferCallback contract). */
  BufferCallback callback() {
    if (mode == Mode.NONE) {
      return null;
    }
    return this::apply;
  }

  private boolean apply(BufferObject obj) {
    int index = objects.size();
    int size = obj.totalBytes();
    boolean inBand;
    switch (mode) {
      case INBAND:
        inBand = true;
        break;
      case ALL:
        inBand = false;
        break;
      case ALTERNATE:
        inBand = (index & 1) == 1;
        break;
      case ABOVE:
        inBand = size <= above;
        break;
      default:
        throw new IllegalStateException("no callback in mode " + mode);
    }
    MemoryBuffer mb = obj.toBuffer();
    byte[] data = mb.getBytes(0, mb.size());
    JsonObject o = new JsonObject();
    o.addProperty("size", size);
    o.addProperty("inBand", inBand);
    o.addProperty("class", obj.getClass().getName().replaceFirst("^.*\\.", ""));
    o.addProperty("hex", Tagged.hex(data));
    objects.add(o);
    if (!inBand) {
      buffers.add(data);
    }
    return inBand;
  }

  JsonArray buffersHex() {
    JsonArray a = new JsonArray();
    for (byte[] b : buffers) {
      a.add(Tagged.hex(b));
    }
    return a;
  }

  /** Parses a "buffers" request field (list of hex strings); null when absent. */
  static List<MemoryBuffer> parseBuffers(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonArray()) {
      throw new Tagged.TaggedException("'buffers' must be a list of hex strings");
    }
    List<MemoryBuffer> out = new ArrayList<>();
    for (JsonElement x : e.getAsJsonArray()) {
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
        throw new Tagged.TaggedException("'buffers' must be a list of hex strings");
      }
      out.add(MemoryBuffer.fromByteArray(Tagged.unhex(x.getAsString())));
    }
    return out;
  }
}
