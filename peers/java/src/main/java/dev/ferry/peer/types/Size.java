package dev.ferry.peer.types;

/** Benchmark enum Size, registered by id 102. */
public enum Size {
  SMALL,
  LARGE
}
