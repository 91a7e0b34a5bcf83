package dev.ferry.peer.types;

/** Benchmark NumericStruct, registered by id 1. */
public class NumericStruct {
  public int f1;
  public int f2;
  public int f3;
  public int f4;
  public int f5;
  public int f6;
  public int f7;
  public int f8;
  public int f9;
  public int f10;
  public int f11;
  public int f12;

  public NumericStruct() {}
}
