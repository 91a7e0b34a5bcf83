package dev.ferry.peer.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.fory.annotation.Nullable;

/** Poly, registered by id 206: dynamic (Object) fields. */
public class Poly {
  public @Nullable Object any_value;
  public List<Object> any_list = new ArrayList<>();
  public Map<String, Object> any_map = new LinkedHashMap<>();

  public Poly() {}
}
