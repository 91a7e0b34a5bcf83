package dev.ferry.peer.types;

/** example.Shade, registered by name (same shape as Color). */
public enum Shade {
  RED,
  GREEN,
  BLUE
}
