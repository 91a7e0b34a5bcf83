package dev.ferry.peer.types;

/** Schema version 2 of Evolving, registered by name "example.Evolving" when config schemaVersion=2. */
public class EvolvingV2 {
  public int a;
  public String b = "";
  public java.util.List<Long> c = new java.util.ArrayList<>();
  public double d;

  public EvolvingV2() {}
}
