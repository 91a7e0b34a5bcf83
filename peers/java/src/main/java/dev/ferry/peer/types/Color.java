package dev.ferry.peer.types;

/** Color, registered by id 203. */
public enum Color {
  RED,
  GREEN,
  BLUE
}
