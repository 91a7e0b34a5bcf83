package dev.ferry.peer.types;

import org.apache.fory.annotation.ForyField;

/** TagIds, registered by id 212: fields with explicit tag ids (@ForyField(id)) + two without. */
public class TagIds {
  @ForyField(id = 5)
  public int x;

  @ForyField(id = 1)
  public String label = "";

  @ForyField(id = 20)
  public long big;

  public boolean flag;

  /** Encoded name is >= 16 bytes: exercises the field-header size extension. */
  public String a_field_name_longer_than_fifteen_bytes = "";

  public TagIds() {}
}
