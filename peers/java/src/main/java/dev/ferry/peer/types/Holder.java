package dev.ferry.peer.types;

/** Holder, registered by id 210: a union field and two ext fields. */
public class Holder {
  public Shape shape = new Shape();
  public Point point = new Point();
  public Point2 point2 = new Point2();

  public Holder() {}
}
