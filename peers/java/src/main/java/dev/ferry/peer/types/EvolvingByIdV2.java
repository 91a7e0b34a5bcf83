package dev.ferry.peer.types;

/** Schema version 2 of EvolvingById, registered by id 207 when config schemaVersion=2. */
public class EvolvingByIdV2 {
  public int a;
  public String b = "";
  public java.util.List<Long> c = new java.util.ArrayList<>();
  public double d;

  public EvolvingByIdV2() {}
}
