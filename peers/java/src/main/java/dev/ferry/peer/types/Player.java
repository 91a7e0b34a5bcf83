package dev.ferry.peer.types;

/** Benchmark enum Player, registered by id 101. */
public enum Player {
  JAVA,
  FLASH
}
