package dev.ferry.peer.types;

import org.apache.fory.annotation.Int32Type;
import org.apache.fory.annotation.Int64Type;
import org.apache.fory.annotation.UInt16Type;
import org.apache.fory.annotation.UInt32Type;
import org.apache.fory.annotation.UInt64Type;
import org.apache.fory.annotation.UInt8Type;
import org.apache.fory.config.Int32Encoding;
import org.apache.fory.config.Int64Encoding;
import org.apache.fory.type.BFloat16;
import org.apache.fory.type.Float16;

/** Scalars, registered by id 201: one field per scalar kind and integer encoding. */
public class Scalars {
  public boolean f_bool;
  public byte f_int8;
  public short f_int16;
  public int f_int32;
  public long f_int64;
  public float f_float32;
  public double f_float64;
  public String f_string = "";
  public byte[] f_binary = new byte[0];
  public @UInt8Type int f_uint8;
  public @UInt16Type int f_uint16;
  public @UInt32Type(encoding = Int32Encoding.VARINT) long f_var_uint32;
  public @UInt64Type(encoding = Int64Encoding.VARINT) long f_var_uint64;
  public @UInt32Type(encoding = Int32Encoding.FIXED) long f_fixed_uint32;
  public @UInt64Type(encoding = Int64Encoding.FIXED) long f_fixed_uint64;
  public @UInt64Type(encoding = Int64Encoding.TAGGED) long f_tagged_uint64;
  public @Int32Type(encoding = Int32Encoding.FIXED) int f_fixed_int32;
  public @Int64Type(encoding = Int64Encoding.FIXED) long f_fixed_int64;
  public @Int64Type(encoding = Int64Encoding.TAGGED) long f_tagged_int64;
  public Float16 f_float16 = Float16.valueOf(0f);
  public BFloat16 f_bfloat16 = BFloat16.valueOf(0f);

  public Scalars() {}
}
