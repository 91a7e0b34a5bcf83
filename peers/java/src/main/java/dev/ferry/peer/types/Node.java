package dev.ferry.peer.types;

import org.apache.fory.annotation.Nullable;
import org.apache.fory.annotation.Ref;

/** example.Node, registered by name; next/parent are nullable, ref-tracked (cycles). */
public class Node {
  public String value = "";
  @Ref public @Nullable Node next;
  @Ref public @Nullable Node parent;

  public Node() {}
}
