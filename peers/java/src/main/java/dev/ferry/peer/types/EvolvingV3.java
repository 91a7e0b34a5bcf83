package dev.ferry.peer.types;

/** Schema version 3 of Evolving, registered by name "example.Evolving" when config schemaVersion=3. */
public class EvolvingV3 {
  public String b = "";
  public boolean e;

  public EvolvingV3() {}
}
