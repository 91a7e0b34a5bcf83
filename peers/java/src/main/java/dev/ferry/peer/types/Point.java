package dev.ferry.peer.types;

/** Point, registered by id 209 as an EXT type with {@link PointSerializer}. */
public class Point {
  public int x;
  public int y;

  public Point() {}

  public Point(int x, int y) {
    this.x = x;
    this.y = y;
  }
}
