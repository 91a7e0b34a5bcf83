// Types for peers/client.mjs (Ferry cross-language test peers). See peers/README.md.

export type PeerKind = 'python' | 'java';

export type IntTag = 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64';
export type FloatTag = 'float16' | 'bfloat16' | 'float32' | 'float64';
export type ArrayTag =
  | 'int8_array'
  | 'int16_array'
  | 'int32_array'
  | 'int64_array'
  | 'uint8_array'
  | 'uint16_array'
  | 'uint32_array'
  | 'uint64_array'
  | 'float16_array'
  | 'bfloat16_array'
  | 'float32_array'
  | 'float64_array';

/** Tagged-value JSON: the language-neutral description of a value. */
export type Tagged =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  /** v: decimal string. enc: requested encoding where the peer can choose (ignored otherwise). */
  | { t: IntTag; v: string; enc?: 'fixed' | 'varint' | 'tagged' }
  /** v: "NaN" | "Infinity" | "-Infinity" | "-0" | decimal that round-trips at this width. */
  | { t: FloatTag; v: string }
  | { t: 'string'; v: string }
  /** v: lowercase or uppercase hex. anchor: write-side identity (a later refto = the same object). */
  | { t: 'binary'; v: string; anchor?: string }
  /** anchor (binary / arrays): write-side identity only, a later refto is the same object. */
  | { t: 'bool_array'; v: boolean[]; native?: string; anchor?: string }
  /**
   * native: optional carrier hint (Python: 'pyfory' | 'array' | 'numpy'; Java: 'list' for
   * uint*_array).
   */
  | { t: ArrayTag; v: string[]; native?: string; anchor?: string }
  | { t: 'list'; v: Tagged[]; anchor?: string }
  | { t: 'set'; v: Tagged[]; anchor?: string }
  | { t: 'map'; v: [Tagged, Tagged][]; anchor?: string }
  /** Same object (identity) as the container carrying `anchor`. */
  | { t: 'refto'; anchor: string }
  | { t: 'timestamp'; seconds: string; nanos: number }
  | { t: 'date'; days: string }
  | { t: 'duration'; seconds: string; nanos: number }
  | { t: 'decimal'; unscaled: string; scale: number }
  /**
   * A registered struct: type = "example.Person" (by name) or "200" (by id). Omitted fields keep
   * the class default; decoded structs list every field with its declared type.
   */
  | { t: 'struct'; type: string; fields: Record<string, Tagged>; anchor?: string }
  /** A registered enum: member name and/or ordinal (decoded enums carry both). */
  | { t: 'enum'; type: string; v?: string; ordinal?: number }
  /** The union Shape ("208"): case 0 int32, 1 string, 2 PersonById. */
  | { t: 'union'; type: string; case: number; v: Tagged; anchor?: string }
  /** A custom-serializer (EXT / NAMED_EXT) type: Point ("209"), Point2 ("example.Point2"). */
  | { t: 'ext'; type: string; fields: Record<string, Tagged>; anchor?: string }
  /** Read only: compatible-mode struct whose TypeDef the reader has not registered. */
  | { t: 'unknown_struct'; name: string; fields: Record<string, Tagged>; javaClass?: string; userTypeId?: number };

export interface PeerConfig {
  ref?: boolean;
  compatible?: boolean;
  maxDepth?: number;
  /** Which Evolving class is registered under example.Evolving / 207 (default 1). */
  schemaVersion?: 1 | 2 | 3;
  /** Namespace of every by-name user type (default "example"). */
  namespace?: string;
  /** Type keys not to register (to test unregistered-type errors). */
  omitTypes?: string[];
  /** Java only: register by-name types with the single dotted-name API. */
  dottedNames?: boolean;
}

/**
 * Out-of-band buffer mode: 'none' = no buffer callback (default); 'inband' = a callback that keeps
 * every buffer object in-band; 'all' = every one out-of-band; 'alternate' = objects #0, #2, ...
 * out-of-band, #1, #3, ... in-band; {above: N} = out-of-band iff totalBytes > N.
 */
export type OobMode = 'none' | 'inband' | 'all' | 'alternate' | { above: number };

/** One buffer object the callback saw. */
export interface BufferObjectInfo {
  /** totalBytes() / total_bytes(): the data size in BYTES. */
  size: number;
  /** What the callback answered: true = written in-band, false = out-of-band. */
  inBand: boolean;
  /** Runtime class, e.g. PrimitiveArraySerializers$PrimitiveArrayBufferObject / BytesBufferObject. */
  class: string;
  /** The object's bytes: Java toBuffer(); Python to_buffer() if it exists, else getbuffer(). */
  hex: string;
  /** Python only: 'to_buffer' or 'getbuffer' (pyfory 1.7.7's BufferObject has no to_buffer()). */
  via?: string;
}

export type PeerRequest =
  | { op: 'hello' }
  /** maxDepth: the runtime's read-depth limit (default: the runtime's own, 50 in both). */
  | ({ op: 'config' } & PeerConfig)
  | { op: 'write'; value: Tagged; oob?: OobMode }
  /**
   * buffers: out-of-band buffers (hex); when present (even empty) the buffers-taking deserialize
   * is called. reserializeOob: mode of the re-serialization reported as hex.
   */
  | { op: 'read'; hex: string; expect?: Tagged; buffers?: string[]; reserializeOob?: OobMode }
  /** With oob other than 'none' the written buffers are passed to the deserialize. */
  | { op: 'roundtrip'; value: Tagged; oob?: OobMode; reserializeOob?: OobMode }
  /** Python only: pyfory's MetaStringEncoder(special1, special2).encode(text). */
  | { op: 'metastring'; text: string; special1: string; special2: string };

export interface PeerResponse {
  id: number;
  ok: boolean;
  /** ok:false - exception class + message. */
  error?: string;
  /** ok:false because the peer has no native carrier for a tagged type. */
  unsupported?: boolean;
  /** write/read/roundtrip: serialized bytes (read: the re-serialization of the decoded value). */
  hex?: string | null;
  /** read/roundtrip: decoded value described with the peer's natural types. */
  value?: Tagged;
  /** read/roundtrip with expect: semantic equality (README "Equality"). */
  equal?: boolean;
  /** first difference when equal is false. */
  diff?: string;
  /** read/roundtrip: bytes consumed by the deserializer. */
  consumed?: number;
  /** read/roundtrip: bytes left unread after the root value (absent when 0). */
  trailing?: number;
  /** roundtrip: the bytes written before reading back. */
  writtenHex?: string;
  /** read: why re-serializing the decoded value failed (then hex is null). */
  reserializeError?: string;
  /** metastring: the encoding id pyfory chose. */
  encoding?: number;
  /** write/roundtrip with a callback: the out-of-band buffers (hex), in callback order. */
  buffers?: string[];
  /** write/roundtrip with a callback: every buffer object the callback saw, in order. */
  bufferObjects?: BufferObjectInfo[];
  /** read/roundtrip with reserializeOob other than 'none': the re-serialization's buffers. */
  reserializeBuffers?: string[];
  reserializeBufferObjects?: BufferObjectInfo[];
  /** hello (python): numpy version, or null when numpy is not installed. */
  numpy?: string | null;
  /** write: things the peer ignored (e.g. an `enc` it cannot honour). */
  warnings?: string[];
  /** ok:false - what the peer wrote to stderr while handling this request. */
  stderr?: string;
  /** hello */
  peer?: PeerKind;
  runtime?: string;
  version?: string;
  ref?: boolean;
  compatible?: boolean;
  maxDepth?: number | null;
  schemaVersion?: number;
  [extra: string]: unknown;
}

export interface Peer {
  readonly kind: PeerKind;
  readonly pid: number | undefined;
  /** The 'hello' response (runtime name and version). */
  info: PeerResponse | null;
  /**
   * Sends one request (the client sets `id`) and resolves with the response, whether ok is true
   * or false. Rejects with an Error carrying the peer's stderr on timeout (default 30 s), peer
   * exit, or protocol error.
   */
  request(obj: PeerRequest | Record<string, unknown>, opts?: { timeoutMs?: number }): Promise<PeerResponse>;
  config(opts?: PeerConfig): Promise<PeerResponse>;
  write(value: Tagged, opts?: { oob?: OobMode }): Promise<PeerResponse>;
  read(hex: string, expect?: Tagged, opts?: { buffers?: string[]; reserializeOob?: OobMode }): Promise<PeerResponse>;
  roundtrip(value: Tagged, opts?: { oob?: OobMode; reserializeOob?: OobMode }): Promise<PeerResponse>;
  /** The last ~64 KiB of the peer's stderr. */
  stderr(): string;
  /** Ends the peer (stdin EOF, then SIGKILL after 5 s). Idempotent. */
  close(): Promise<void>;
}

export declare const REPO: string;
export declare const PEER_CACHE: string;
export declare const DEFAULT_TIMEOUT_MS: number;
export interface StartOptions {
  /** Per-request timeout (default 30 000 ms). */
  timeoutMs?: number;
  /** Extra environment variables for the peer process. */
  env?: Record<string, string>;
  /** Python interpreter for kind 'python' (default: FERRY_PEER_PYTHON or $REPO/.cache/peers/venv/bin/python). */
  python?: string;
}
export declare function peerCommand(
  kind: PeerKind,
  options?: StartOptions,
): { command: string; args: string[]; needs: string[] };
/** Spawns a peer and resolves once it answered 'hello'. Rejects with a hint to run peers/setup.sh if it is not built. */
export declare function startPeer(kind: PeerKind, options?: StartOptions): Promise<Peer>;
