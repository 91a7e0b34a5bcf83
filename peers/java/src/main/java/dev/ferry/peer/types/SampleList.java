package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.List;

/** Benchmark SampleList, registered by id 7. */
public class SampleList {
  public List<Sample> sampleList = new ArrayList<>();

  public SampleList() {}
}
