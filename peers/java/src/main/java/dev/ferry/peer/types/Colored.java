package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.List;

/** Colored, registered by id 204. */
public class Colored {
  public Color color = Color.RED;
  public Shade shade = Shade.RED;
  public List<Color> colors = new ArrayList<>();

  public Colored() {}
}
