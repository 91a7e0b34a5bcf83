package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.List;

/** Benchmark Media, registered by id 3 (camelCase Java names, snake_case on the wire). */
public class Media {
  public String uri = "";
  public String title = "";
  public int width;
  public int height;
  public String format = "";
  public long duration;
  public long size;
  public int bitrate;
  public boolean hasBitrate;
  public List<String> persons = new ArrayList<>();
  public Player player = Player.JAVA;
  public String copyright = "";

  public Media() {}
}
