package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.List;

/** Benchmark MediaContent, registered by id 5. */
public class MediaContent {
  public Media media = new Media();
  public List<Image> images = new ArrayList<>();

  public MediaContent() {}
}
