package dev.ferry.peer.types;

/** Schema version 1 of Evolving, registered by name "example.Evolving" when config schemaVersion=1. */
public class EvolvingV1 {
  public int a;
  public String b = "";

  public EvolvingV1() {}
}
