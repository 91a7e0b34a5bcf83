package dev.ferry.peer.types;

import org.apache.fory.config.Config;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.serializer.Serializer;

/** Custom (EXT) serializer for Point / Point2: x then y as zigzag varint32, nothing else. */
public final class PointSerializer<T> extends Serializer<T> {
  private final boolean named;

  @SuppressWarnings("unchecked")
  public PointSerializer(Config config, Class<T> cls) {
    super(config, cls);
    this.named = cls == (Class<?>) Point2.class;
  }

  @Override
  public void write(WriteContext writeContext, T value) {
    MemoryBuffer buf = writeContext.getBuffer();
    if (named) {
      Point2 p = (Point2) value;
      buf.writeVarInt32(p.x);
      buf.writeVarInt32(p.y);
    } else {
      Point p = (Point) value;
      buf.writeVarInt32(p.x);
      buf.writeVarInt32(p.y);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T read(ReadContext readContext) {
    MemoryBuffer buf = readContext.getBuffer();
    int x = buf.readVarInt32();
    int y = buf.readVarInt32();
    return (T) (named ? new Point2(x, y) : new Point(x, y));
  }
}
