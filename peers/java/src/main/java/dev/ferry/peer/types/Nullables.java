package dev.ferry.peer.types;

import java.util.List;
import org.apache.fory.annotation.Nullable;

/** Nullables, registered by id 205. */
public class Nullables {
  public @Nullable Integer opt_int32;
  public @Nullable Long opt_int64;
  public @Nullable String opt_string;
  public @Nullable List<String> opt_list;
  public @Nullable PersonById opt_person;
  /** Boxed without @Nullable: xlang treats it as a non-nullable int32 (null -> NPE on write). */
  public Integer boxed_int32 = 0;
  public int prim_int32;

  public Nullables() {}
}
