package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.List;

/** Benchmark MediaContentList, registered by id 8. */
public class MediaContentList {
  public List<MediaContent> mediaContentList = new ArrayList<>();

  public MediaContentList() {}
}
