package dev.ferry.peer.types;

/**
 * Benchmark Sample, registered by id 2. Java field names are camelCase (as upstream); Fory
 * converts them to the snake_case names Python uses (int_value, ...).
 */
public class Sample {
  public int intValue;
  public long longValue;
  public float floatValue;
  public double doubleValue;
  public int shortValue;
  public int charValue;
  public boolean booleanValue;
  public Integer intValueBoxed = 0;
  public Long longValueBoxed = 0L;
  public Float floatValueBoxed = 0f;
  public Double doubleValueBoxed = 0d;
  public Integer shortValueBoxed = 0;
  public Integer charValueBoxed = 0;
  public Boolean booleanValueBoxed = false;
  public int[] intArray = new int[0];
  public long[] longArray = new long[0];
  public float[] floatArray = new float[0];
  public double[] doubleArray = new double[0];
  public int[] shortArray = new int[0];
  public int[] charArray = new int[0];
  public boolean[] booleanArray = new boolean[0];
  public String string = "";

  public Sample() {}
}
