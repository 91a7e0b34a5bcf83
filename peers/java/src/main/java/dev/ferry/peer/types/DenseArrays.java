package dev.ferry.peer.types;

import org.apache.fory.annotation.Int8Type;
import org.apache.fory.annotation.UInt16Type;
import org.apache.fory.annotation.UInt32Type;
import org.apache.fory.annotation.UInt64Type;
import org.apache.fory.annotation.UInt8Type;
import org.apache.fory.type.BFloat16Array;
import org.apache.fory.type.Float16Array;

/** DenseArrays, registered by id 211: one dense array field per element type. */
public class DenseArrays {
  public boolean[] bool_array = new boolean[0];
  public @Int8Type byte[] int8_array = new byte[0];
  public short[] int16_array = new short[0];
  public int[] int32_array = new int[0];
  public long[] int64_array = new long[0];
  public @UInt8Type byte[] uint8_array = new byte[0];
  public @UInt16Type short[] uint16_array = new short[0];
  public @UInt32Type int[] uint32_array = new int[0];
  public @UInt64Type long[] uint64_array = new long[0];
  public Float16Array float16_array = new Float16Array(0);
  public BFloat16Array bfloat16_array = new BFloat16Array(0);
  public float[] float32_array = new float[0];
  public double[] float64_array = new double[0];

  public DenseArrays() {}
}
