package dev.ferry.peer.types;

/** Benchmark Image, registered by id 4. */
public class Image {
  public String uri = "";
  public String title = "";
  public int width;
  public int height;
  public Size size = Size.SMALL;

  public Image() {}
}
