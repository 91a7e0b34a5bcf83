package dev.ferry.peer.types;

/** example.Point2, registered by name as a NAMED_EXT type with {@link PointSerializer}. */
public class Point2 {
  public int x;
  public int y;

  public Point2() {}

  public Point2(int x, int y) {
    this.x = x;
    this.y = y;
  }
}
