package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.List;

/** Benchmark NumericStructList, registered by id 6. */
public class NumericStructList {
  public List<NumericStruct> structList = new ArrayList<>();

  public NumericStructList() {}
}
