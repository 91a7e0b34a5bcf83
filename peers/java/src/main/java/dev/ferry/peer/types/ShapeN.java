package dev.ferry.peer.types;

import org.apache.fory.type.union.Union;

/**
 * Union example.ShapeN, registered by name (NAMED_UNION), same cases as {@link Shape}: case 0
 * int32, case 1 string, case 2 PersonById.
 */
public final class ShapeN extends Union {
  public enum ShapeNCase {
    NUM(0),
    TEXT(1),
    PERSON(2);

    public final int id;

    ShapeNCase(int id) {
      this.id = id;
    }
  }

  public ShapeN() {
    super(0, 0);
  }

  public ShapeN(int index, Object value) {
    super(index, value);
  }

  public void setNum(Integer v) {
    this.index = 0;
    this.value = v;
  }

  public void setText(String v) {
    this.index = 1;
    this.value = v;
  }

  public void setPerson(PersonById v) {
    this.index = 2;
    this.value = v;
  }
}
