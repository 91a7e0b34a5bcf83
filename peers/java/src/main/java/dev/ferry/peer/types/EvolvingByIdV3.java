package dev.ferry.peer.types;

/** Schema version 3 of EvolvingById, registered by id 207 when config schemaVersion=3. */
public class EvolvingByIdV3 {
  public String b = "";
  public boolean e;

  public EvolvingByIdV3() {}
}
