/**
 * The inspector's tree: what `inspect(bytes, options)` returns. Shared by the CLI and the React
 * panel, so it is plain data (JSON-safe: 64-bit integers and other non-JSON values are carried as
 * strings in `preview`/`value`), and every node knows the bytes it came from.
 */

/** A wire type as read from (or implied by) the payload. */
export interface WireTypeRef {
  /** The xlang internal type id (spec "Type ids"), e.g. 4 for INT32. */
  readonly id: number;
  /** Its spec name, e.g. "INT32", "COMPATIBLE_STRUCT", "LIST". */
  readonly name: string;
  /** For user types: the registered id or namespace/type name read from the payload. */
  readonly userId?: number;
  readonly namespace?: string;
  readonly typeName?: string;
  /** Compatible mode: the index of the TypeDef (in `InspectResult.typeDefs`) that describes this type. */
  readonly typeDef?: number;
}

/** The reference flag of a value (spec "Reference Meta"). */
export type RefFlag = 'null' | 'ref' | 'not-null' | 'ref-value';

export type InspectNodeKind =
  | 'scalar' // bool, ints, floats, string, temporal, decimal, …
  | 'binary' // binary and dense primitive arrays
  | 'list'
  | 'set'
  | 'map'
  | 'map-entry'
  | 'struct'
  | 'enum'
  | 'union'
  | 'ext'
  | 'null'
  | 'back-ref' // a REF flag pointing to an earlier node
  | 'buffer' // an out-of-band buffer slot
  | 'opaque'; // bytes that cannot be decoded without the writer's schema

export interface InspectNode {
  /** Unique within one tree; depth-first pre-order (the root is 0). */
  readonly id: number;
  readonly kind: InspectNodeKind;
  /** Field name, map key preview, or list index, as shown to the user. */
  readonly label: string;
  /** JSONPath-like location from the root, e.g. `$.media.persons[1]`. */
  readonly path: string;
  /** Byte range `[start, end)` in the in-band payload, including this node's ref flag and type info. */
  readonly start: number;
  readonly end: number;
  /** Type read from the wire, when the payload carries one at this position. */
  readonly wireType?: WireTypeRef;
  /** Type declared by the container (struct field, typed list/map element), when there is one. */
  readonly declaredType?: string;
  /** Human-readable type of the decoded value, e.g. `list<int32>`, `Person`, `string`. */
  readonly type: string;
  readonly refFlag?: RefFlag;
  /** The ref id this value was given (`ref-value`), or the id a `back-ref` points to. */
  readonly refId?: number;
  /** For `back-ref`: the node id of the referenced value. */
  readonly refTarget?: number;
  /** For strings. */
  readonly stringEncoding?: 'latin1' | 'utf16' | 'utf8';
  /** A short display form of the value (strings quoted, bigints as digits, bytes as hex prefix). */
  readonly preview: string;
  /** For scalars: a JSON-safe value (64-bit integers beyond 2^53, decimals, dates as strings). */
  readonly value?: string | number | boolean | null;
  /** For maps: the chunk this entry belongs to (spec "map" chunk header). */
  readonly mapChunk?: { readonly index: number; readonly start: number; readonly end: number; readonly size: number; readonly header: number };
  /**
   * For buffer objects (binary and dense arrays of a payload written with a buffer callback): the
   * out-of-band buffer index (`slot`, -1 for a buffer object kept in-band), its length and whether
   * the buffer was supplied (`resolved`; in-band ones always are).
   */
  readonly buffer?: { readonly slot: number; readonly inBand: boolean; readonly byteLength?: number; readonly resolved: boolean };
  /** For lists, sets and dense arrays: the element count; for maps: the entry count. */
  readonly size?: number;
  /** Explanation for opaque nodes and decoding notes. */
  readonly note?: string;
  readonly children?: readonly InspectNode[];
}

export interface InspectHeader {
  readonly start: number;
  readonly end: number;
  readonly flags: number;
  readonly isNull: boolean;
  readonly xlang: boolean;
  readonly outOfBand: boolean;
  readonly language?: string;
  /**
   * Out-of-band payloads: which values were read as buffer objects — `'all'` (binary and dense
   * arrays, as Java writes them) or `'binary'` (binary only, as pyfory 1.7 writes them).
   */
  readonly bufferObjects?: 'all' | 'binary';
  /** Struct mode seen in the payload, when it has user types: compatible (TypeDefs) or schema-consistent. */
  readonly mode?: 'compatible' | 'schema-consistent';
}

/** A TypeDef found in the payload (compatible mode), with its fields. */
export interface InspectTypeDef {
  readonly index: number;
  /** Range of the TypeDef itself (8-byte header through its body), after its marker. */
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** `struct`, `enum`, `ext` or `union`. */
  readonly kind: string;
  /** The registered id, for types registered by id. */
  readonly userId?: number;
  /** Fields in wire order; `name` is `#<tag>` for fields identified by tag id. */
  readonly fields: readonly { readonly name: string; readonly type: string; readonly nullable: boolean; readonly trackingRef: boolean; readonly tagId?: number }[];
}

export interface InspectError {
  readonly message: string;
  /** Error class name and code of the underlying ForyError when there is one. */
  readonly name: string;
  readonly code?: string;
  /** Byte offset in the payload where decoding failed. */
  readonly offset: number;
  /** The path of the node being decoded when it failed. */
  readonly path?: string;
}

export interface InspectResult {
  readonly byteLength: number;
  readonly header?: InspectHeader;
  /** The decoded tree, possibly partial when `error` is set. */
  readonly root?: InspectNode;
  readonly typeDefs: readonly InspectTypeDef[];
  readonly nodeCount: number;
  readonly error?: InspectError;
  /**
   * Bytes that could not be walked although nothing is wrong with them: a schema-consistent struct
   * or ext value whose schema was not supplied has no length on the wire, so everything from it to
   * the end of the payload is left undecoded (the tree holds an `opaque` node there).
   */
  readonly undecoded?: { readonly start: number; readonly end: number; readonly reason: string };
  /** Things worth knowing that are not errors (e.g. unused supplied buffers). */
  readonly warnings: readonly string[];
}
