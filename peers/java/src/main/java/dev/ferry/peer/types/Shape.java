package dev.ferry.peer.types;

import org.apache.fory.type.union.Union;

/**
 * Union Shape, registered by id 208: case 0 int32, case 1 string, case 2 PersonById. Fory 1.6.0
 * finds the case types through the nested enum *Case (int id) and the public set&lt;Case&gt;
 * methods.
 */
public final class Shape extends Union {
  public enum ShapeCase {
    NUM(0),
    TEXT(1),
    PERSON(2);

    public final int id;

    ShapeCase(int id) {
      this.id = id;
    }
  }

  public Shape() {
    super(0, 0);
  }

  public Shape(int index, Object value) {
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
