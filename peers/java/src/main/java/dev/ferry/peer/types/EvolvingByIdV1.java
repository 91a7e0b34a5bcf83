package dev.ferry.peer.types;

/** Schema version 1 of EvolvingById, registered by id 207 when config schemaVersion=1. */
public class EvolvingByIdV1 {
  public int a;
  public String b = "";

  public EvolvingByIdV1() {}
}
