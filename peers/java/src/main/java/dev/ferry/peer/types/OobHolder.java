package dev.ferry.peer.types;

/**
 * OobHolder, registered by id 214: a struct with a binary field and an int32-array field (the
 * out-of-band buffer catalog uses it to see whether struct fields become buffer objects).
 */
public class OobHolder {
  public byte[] data = new byte[0];
  public int[] ints = new int[0];
  public String name = "";

  public OobHolder() {}
}
