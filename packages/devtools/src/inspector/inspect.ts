/**
 * `inspect(bytes, options)`: walks one Fory xlang payload without the writer's code and returns a
 * tree of everything on the wire (types, byte ranges, ref flags/ids, string encodings, map chunks,
 * TypeDefs, out-of-band buffer slots). Malformed input never throws: the tree is returned up to the
 * failure, with the error and its offset.
 *
 * The walk follows the wire framing (spec "Reference Meta", "Type Meta", "collection/list", "map",
 * "struct", "Union") as @ferry/core reads it; built-in payloads, TypeDefs, meta strings and schema
 * layouts are decoded by @ferry/core's low-level API, so there is one implementation of each.
 */
import {
  BuiltinDecoder,
  CollectionFlag,
  DEFAULT_LIMITS,
  ForyError,
  HeaderFlag,
  InvalidDataError,
  readMapChunkSize,
  LimitExceededError,
  MapFlag,
  MetaStringReader,
  NAMESPACE_CONTEXT,
  TYPEDEF_LIMITS,
  TYPE_NAME_CONTEXT,
  TruncatedError,
  TypeDefKind,
  TypeId,
  UnknownTypeError,
  WireRefFlag,
  createExtReader,
  decodeTypeDef,
  describeUserTypes,
  readTypeDefFrame,
  typeIdName,
  type ByteReader,
  type EnumSpec,
  type ExtReader,
  type ExtSpec,
  type FieldType,
  type LayoutType,
  type StructSpec,
  type TypeDef,
  type TypeSpec,
  type UnionSpec,
  type UserTypeLayout,
} from '@ferry/core';
import { hexByte } from '../bytes/text.js';
import type {
  InspectError,
  InspectHeader,
  InspectNode,
  InspectNodeKind,
  InspectResult,
  InspectTypeDef,
  WireTypeRef,
} from './types.js';

export interface InspectOptions {
  /** The out-of-band buffers of a payload written with a buffer callback, in callback order. */
  readonly buffers?: readonly Uint8Array[];
  /**
   * User types (`Type.struct`, `Type.enum`, `Type.ext`, `Type.union` from @ferry/core), registered
   * by id or by name exactly as the writer registered them. Needed to decode schema-consistent
   * structs and ext values (their payload carries no field metadata and no length); in compatible
   * mode they add enum value names and decode ext values.
   */
  readonly schemas?: readonly TypeSpec[];
  /**
   * Out-of-band payloads only: which values are buffer objects. `'all'` (Java: binary and dense
   * arrays), `'binary'` (pyfory 1.7) or `'auto'` (default: `'all'`, and `'binary'` when that reads
   * the payload further).
   */
  readonly bufferObjects?: 'all' | 'binary' | 'auto';
  /** Stop with an error after this many nodes (default 10,000,000). */
  readonly maxNodes?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface Node extends Mutable<Omit<InspectNode, 'children' | 'mapChunk'>> {
  children?: Node[];
  mapChunk?: Mutable<NonNullable<InspectNode['mapChunk']>>;
}

/** What a type meta on the wire (or a TypeDef) says about the value that follows. */
interface TypeInfo {
  readonly id: number;
  readonly wire: WireTypeRef;
  /** Display type: `int32`, `list`, `example.Person`, `struct#200`. */
  readonly name: string;
  /** Compatible mode: the TypeDef announced for this type. */
  readonly def?: TypeDefEntry;
  /** Schema layouts that may describe this type (one per ref-tracking variant for structs). */
  readonly candidates: readonly UserTypeLayout[];
}

interface TypeDefEntry {
  readonly def: TypeDef;
  readonly index: number;
  /** Field types, with user types resolved from `schemas` where a schema names the same type. */
  readonly fields: readonly LayoutType[];
  /** Field labels: the wire name, or for a tag id the schema's name if known, else `#<tag>`. */
  readonly labels: readonly string[];
  /** `.label` per field, shared by every value of the type (paths are one concatenation each). */
  readonly pathSuffixes: readonly string[];
  info?: TypeInfo;
}

/** Internal: a value with no length on the wire whose schema is unknown ends the walk. */
class StopWalk {
  constructor(
    readonly start: number,
    readonly reason: string,
  ) {}
}

const PREVIEW_CHARS = 80;
const STRING_PREVIEW_CHARS = 60;
const ANY: LayoutType = { typeId: TypeId.UNKNOWN, nullable: true, ref: true };
const NULL_SIDE = MapFlag.KEY_HAS_NULL | MapFlag.VALUE_HAS_NULL;
const BYTES_PREVIEW = 16;
const ARRAY_PREVIEW = 8;

const STRUCT_IDS = new Set<number>([TypeId.STRUCT, TypeId.COMPATIBLE_STRUCT, TypeId.NAMED_STRUCT, TypeId.NAMED_COMPATIBLE_STRUCT]);
const EXT_IDS = new Set<number>([TypeId.EXT, TypeId.NAMED_EXT]);
const ENUM_IDS = new Set<number>([TypeId.ENUM, TypeId.NAMED_ENUM]);
const UNION_IDS = new Set<number>([TypeId.UNION, TypeId.TYPED_UNION, TypeId.NAMED_UNION]);
const BYTES_IDS = new Set<number>([
  TypeId.BINARY,
  TypeId.BOOL_ARRAY,
  TypeId.INT8_ARRAY,
  TypeId.INT16_ARRAY,
  TypeId.INT32_ARRAY,
  TypeId.INT64_ARRAY,
  TypeId.UINT8_ARRAY,
  TypeId.UINT16_ARRAY,
  TypeId.UINT32_ARRAY,
  TypeId.UINT64_ARRAY,
  TypeId.FLOAT16_ARRAY,
  TypeId.BFLOAT16_ARRAY,
  TypeId.FLOAT32_ARRAY,
  TypeId.FLOAT64_ARRAY,
]);

/** Identity key of a user type: `#<id>` or `<namespace>\0<name>`. */
function userKey(id: number | undefined, namespace: string, typeName: string): string {
  return id !== undefined ? `#${id}` : `${namespace}\u0000${typeName}`;
}

function displayName(kind: string, id: number | undefined, namespace: string, typeName: string): string {
  if (id !== undefined) return `${kind}#${id}`;
  return namespace ? `${namespace}.${typeName}` : typeName;
}

function kindWord(typeId: number): string {
  if (STRUCT_IDS.has(typeId)) return 'struct';
  if (ENUM_IDS.has(typeId)) return 'enum';
  if (EXT_IDS.has(typeId)) return 'ext';
  return 'union';
}

function quote(s: string): string {
  return JSON.stringify(s.length > STRING_PREVIEW_CHARS ? `${s.slice(0, STRING_PREVIEW_CHARS)}…` : s);
}

function hexOf(bytes: Uint8Array, max: number): string {
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) out += hexByte(bytes[i]!);
  return bytes.length > max ? `${out}…` : out;
}

/**
 * Previews of the first children, `open … close`, cut near PREVIEW_CHARS. Joined once into a flat
 * string: previews are retained for every node, so no chain of concatenations is kept alive.
 */
function joinPreviews(children: readonly Node[], open: string, close: string, withLabels: boolean): string {
  const parts: string[] = [];
  let length = open.length;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    const part = withLabels ? `${c.label}: ${c.preview}` : c.preview;
    if (length + part.length > PREVIEW_CHARS) {
      parts.push('…');
      break;
    }
    parts.push(part);
    length += part.length + 2;
  }
  return open + parts.join(', ') + close;
}

/** Per-schema lookups: by id and by name, for each ref-tracking variant of the layouts. */
class SchemaIndex {
  /** Schema-consistent layouts, without and with reference tracking (they differ in hash and flags). */
  private readonly consistent: readonly (readonly UserTypeLayout[])[];
  private readonly compatible: readonly UserTypeLayout[];
  private readonly positions = new Map<string, number>();

  constructor(schemas: readonly TypeSpec[]) {
    const user = schemas.map((s) => {
      if (s.kind !== 'struct' && s.kind !== 'enum' && s.kind !== 'ext' && s.kind !== 'union') {
        throw new TypeError(`inspect: schemas must be user types (Type.struct/enum/ext/union), got ${s.kind}`);
      }
      return s as StructSpec | EnumSpec | ExtSpec | UnionSpec;
    });
    this.consistent = [describeUserTypes(user, { compatible: false, ref: false }), describeUserTypes(user, { compatible: false, ref: true })];
    this.compatible = describeUserTypes(user, { compatible: true, ref: false });
    this.compatible.forEach((l, i) => this.positions.set(userKey(l.identity.id, l.identity.namespace, l.identity.typeName), i));
  }

  /** Layout candidates for a type seen on the wire (schema-consistent variants first for structs). */
  find(key: string, consistent: boolean): readonly UserTypeLayout[] {
    const i = this.positions.get(key);
    if (i === undefined) return [];
    return consistent ? this.consistent.map((v) => v[i]!) : [this.compatible[i]!];
  }
}

const NO_LAYOUTS: readonly UserTypeLayout[] = [];

class Walker {
  readonly decoder = new BuiltinDecoder();
  readonly r: ByteReader;
  /** Nodes created so far (ids are 0 … nodeCount - 1); the first is the root. */
  nodeCount = 0;
  root: Node | undefined;
  /** Ref id → the node given that id (spec "Reference Meta": ids in order of REF_VALUE flags). */
  private readonly refs: Node[] = [];
  private mixedWarned = false;
  private readonly typeDefs: TypeDefEntry[] = [];
  readonly typeDefInfos: InspectTypeDef[] = [];
  private readonly metaStrings = new MetaStringReader();
  private readonly builtinInfo: TypeInfo[] = [];
  mode: 'compatible' | 'schema-consistent' | undefined;
  private oob = false;
  /** Out-of-band mode: whether dense arrays are buffer objects (Java) or only binary is (pyfory 1.7). */
  bufferObjects: 'all' | 'binary' = 'all';
  /** Out-of-band mode: a dense array was read as a buffer object (so `'binary'` may read differently). */
  sawBufferObjectArray = false;
  bufferSlots = 0;
  private depth = 0;
  /** Path of the node being decoded, for errors. */
  currentPath = '$';
  readonly warnings: string[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly buffers: readonly Uint8Array[] | undefined,
    private readonly schemas: SchemaIndex | undefined,
    private readonly maxNodes: number,
  ) {
    this.decoder.reset(bytes);
    this.r = this.decoder.reader;
  }

  // -- nodes ------------------------------------------------------------------------------------

  /**
   * A node with the fields every node has; the optional ones are added only where present (a
   * million-node tree stays ~50 bytes per node smaller than with every field stored as undefined).
   */
  private newNode(kind: InspectNodeKind, label: string, path: string, start: number): Node {
    const id = this.nodeCount;
    if (id >= this.maxNodes) throw new LimitExceededError('maxNodes', id + 1, this.maxNodes, start);
    const node: Node = {
      id,
      kind,
      label,
      path,
      start,
      end: -1,
      type: '',
      preview: '',
    };
    this.nodeCount = id + 1;
    if (id === 0) this.root = node;
    this.currentPath = path;
    return node;
  }

  private child(parent: Node, label: string, path: string): Node {
    const c = this.newNode('scalar', label, path, this.r.pos);
    (parent.children ??= []).push(c);
    return c;
  }

  private enter(): void {
    if (++this.depth > DEFAULT_LIMITS.maxDepth) throw new LimitExceededError('maxDepth', this.depth, DEFAULT_LIMITS.maxDepth, this.r.pos);
  }

  private checkSize(n: number, at: number): void {
    if (n > DEFAULT_LIMITS.maxCollectionSize) throw new LimitExceededError('maxCollectionSize', n, DEFAULT_LIMITS.maxCollectionSize, at);
    if (n > this.r.remaining) throw new InvalidDataError(`Collection declares ${n} elements but only ${this.r.remaining} bytes remain`, at);
  }

  // -- root -------------------------------------------------------------------------------------

  readHeader(): InspectHeader {
    const r = this.r;
    if (r.remaining === 0) throw new TruncatedError('header', 0, 1, 0);
    const flags = r.readUint8();
    if (flags & HeaderFlag.RESERVED_MASK) {
      throw new InvalidDataError(`Invalid header 0x${flags.toString(16).padStart(2, '0')}: reserved bits 2-7 are set`, 0, 'INVALID_HEADER');
    }
    if (!(flags & HeaderFlag.XLANG)) {
      throw new InvalidDataError('Not an xlang payload: header xlang bit is clear (native-mode Fory payload?)', 0, 'INVALID_HEADER');
    }
    this.oob = (flags & HeaderFlag.OUT_OF_BAND) !== 0;
    return { start: 0, end: 1, flags, isNull: this.bytes.length > 1 && this.bytes[1] === 0xfd, xlang: true, outOfBand: this.oob };
  }

  readRoot(): Node {
    const root = this.newNode('scalar', '$', '$', this.r.pos);
    this.readFlagged(root, null, ANY, true, true);
    root.end = this.r.pos;
    return root;
  }

  finish(): void {
    const r = this.r;
    if (r.pos !== r.end) throw new InvalidDataError(`${r.end - r.pos} trailing byte(s) after the root value`, r.pos);
    if (this.buffers !== undefined && this.bufferSlots !== this.buffers.length) {
      this.warnings.push(`${this.buffers.length} out-of-band buffer(s) were supplied but the payload uses ${this.bufferSlots}`);
    }
    if (this.buffers === undefined && this.bufferSlots > 0) {
      this.warnings.push(`The payload has ${this.bufferSlots} out-of-band buffer(s); pass them as \`buffers\` to see their contents`);
    }
  }

  // -- values -----------------------------------------------------------------------------------

  /**
   * A value whose flag is present when `nullable` or `ref` (fields, elements, dynamic positions),
   * then, for a new value, type meta (when `info` is null and `decl` says so) and its payload.
   */
  /** A REF_VALUE: the node gets the next ref id (bounded by maxRefs, as in the decoder). */
  private registerRef(node: Node, at: number): void {
    if (this.refs.length >= DEFAULT_LIMITS.maxRefs) throw new LimitExceededError('maxRefs', this.refs.length + 1, DEFAULT_LIMITS.maxRefs, at);
    node.refFlag = 'ref-value';
    node.refId = this.refs.length;
    this.refs.push(node);
  }

  private readFlagged(node: Node, info: TypeInfo | null, decl: LayoutType | null, nullable: boolean, ref: boolean): void {
    if (!nullable && !ref) {
      this.readKnown(node, info, decl);
      return;
    }
    const r = this.r;
    const at = r.pos;
    const flag = r.readInt8();
    switch (flag) {
      case WireRefFlag.NULL:
        node.kind = 'null';
        node.refFlag = 'null';
        node.type = info?.name ?? (decl && decl !== ANY ? this.typeName(decl) : 'null');
        node.preview = 'null';
        node.value = null;
        node.end = r.pos;
        return;
      case WireRefFlag.NOT_NULL_VALUE:
        node.refFlag = 'not-null';
        this.readKnown(node, info, decl);
        return;
      case WireRefFlag.REF:
        if (ref) {
          this.readBackRef(node, at);
          return;
        }
        break;
      case WireRefFlag.REF_VALUE:
        if (ref) {
          this.registerRef(node, at);
          this.readKnown(node, info, decl);
          return;
        }
        break;
    }
    throw new InvalidDataError(`Invalid ${ref ? 'reference' : 'null'} flag ${flag}`, at);
  }

  private readBackRef(node: Node, at: number): void {
    const id = this.r.readVarUint32();
    const t = this.refs[id];
    if (t === undefined) throw new InvalidDataError(`Reference to unknown ref id ${id}`, at);
    const target = t.id;
    node.kind = 'back-ref';
    node.refFlag = 'ref';
    node.refId = id;
    node.refTarget = target;
    node.type = t.type;
    node.preview = `→ #${target} ${t.path}`;
    node.end = this.r.pos;
  }

  /** The payload of a value whose type is given by type meta already read (`info`) or declared (`decl`). */
  private readKnown(node: Node, info: TypeInfo | null, decl: LayoutType | null): void {
    if (info) this.readPayload(node, info);
    else this.readDeclared(node, decl!);
    node.end = this.r.pos;
  }

  /** Type meta, then the payload (core: ReadContext.readNonRef). */
  private readNonRef(node: Node): void {
    const info = this.readTypeInfo();
    node.wireType = info.wire;
    this.readPayload(node, info);
    node.end = this.r.pos;
  }

  private readPayload(node: Node, info: TypeInfo): void {
    const id = info.id;
    node.type = info.name;
    if (id === TypeId.LIST || id === TypeId.SET) this.readCollection(node, id, null);
    else if (id === TypeId.MAP) this.readMap(node, null);
    else if (STRUCT_IDS.has(id)) {
      if (info.def) this.readCompatibleStruct(node, info.def);
      else this.readConsistentStruct(node, info.candidates, info.name);
    } else if (ENUM_IDS.has(id)) this.readEnum(node, info.candidates[0]);
    else if (UNION_IDS.has(id)) this.readUnion(node);
    else if (EXT_IDS.has(id)) this.readExt(node, info.candidates[0], info.name);
    else this.readBuiltin(node, id);
  }

  /**
   * The payload of a declared type (struct field, declared element/key/value), as core's field
   * codecs read it: `any` fields and (in compatible mode) struct/ext fields carry type meta.
   */
  private readDeclared(node: Node, decl: LayoutType): void {
    const id = decl.typeId;
    // Dynamic positions (ANY) declare nothing; an `any` struct field does (as `any`).
    if (node.declaredType === undefined && decl !== ANY) node.declaredType = this.typeName(decl);
    if (node.declaredType !== undefined) node.type = node.declaredType;
    if (id === TypeId.UNKNOWN || ((STRUCT_IDS.has(id) || EXT_IDS.has(id)) && this.mode !== 'schema-consistent')) {
      this.readNonRef(node);
      return;
    }
    if (id === TypeId.LIST || id === TypeId.SET) this.readCollection(node, id, decl);
    else if (id === TypeId.MAP) this.readMap(node, decl);
    else if (STRUCT_IDS.has(id)) this.readConsistentStruct(node, decl.userType ? [decl.userType] : NO_LAYOUTS, node.type);
    else if (EXT_IDS.has(id)) this.readExt(node, decl.userType, node.type);
    else if (ENUM_IDS.has(id)) this.readEnum(node, decl.userType);
    else if (UNION_IDS.has(id)) this.readUnion(node);
    else if (this.decoder.handles(id)) this.readBuiltin(node, id);
    else throw new UnknownTypeError(`Unknown declared type id ${id} (${typeIdName(id)})`, this.r.pos, id);
  }

  private readonly pathSuffixes = new Map<string, string>();

  /** `.name` for a field name, one string per name. */
  private pathSuffix(name: string): string {
    let suffix = this.pathSuffixes.get(name);
    if (suffix === undefined) {
      suffix = `.${name}`;
      this.pathSuffixes.set(name, suffix);
    }
    return suffix;
  }

  /** Display names of declared types, computed once per type object (fields repeat per value). */
  private readonly typeNames = new Map<FieldType, string>();

  private typeName(t: FieldType & { userType?: UserTypeLayout }): string {
    let name = this.typeNames.get(t);
    if (name === undefined) {
      name = this.computeTypeName(t);
      this.typeNames.set(t, name);
    }
    return name;
  }

  private computeTypeName(t: FieldType & { userType?: UserTypeLayout }): string {
    const id = t.typeId;
    if (id === TypeId.LIST || id === TypeId.SET) return `${id === TypeId.LIST ? 'list' : 'set'}<${t.element ? this.typeName(t.element) : 'any'}>`;
    if (id === TypeId.MAP) return `map<${t.key ? this.typeName(t.key) : 'any'}, ${t.value ? this.typeName(t.value) : 'any'}>`;
    if (id === TypeId.UNKNOWN) return 'any';
    if (t.userType) return t.userType.identity.display.startsWith('id ') ? `${t.userType.kind}#${t.userType.identity.id}` : t.userType.identity.display;
    if (STRUCT_IDS.has(id) || ENUM_IDS.has(id) || EXT_IDS.has(id) || UNION_IDS.has(id)) return kindWord(id);
    return this.decoder.typeName(id) ?? typeIdName(id);
  }

  // -- built-in payloads ------------------------------------------------------------------------

  private readBuiltin(node: Node, typeId: number): void {
    if (typeId === TypeId.STRING) {
      const r = this.r;
      const at = r.pos;
      const header = r.readVarUint36Small();
      const encoding = header % 4;
      const s = r.readStringBody(header, at, DEFAULT_LIMITS.maxStringBytes);
      node.stringEncoding = encoding === 0 ? 'latin1' : encoding === 1 ? 'utf16' : 'utf8';
      node.value = s;
      node.preview = quote(s);
      return;
    }
    if (BYTES_IDS.has(typeId)) {
      this.readBytesLike(node, typeId);
      return;
    }
    const v = this.decoder.read(typeId);
    if (v === null) {
      node.kind = 'null';
      node.value = null;
      node.preview = 'none';
      return;
    }
    switch (typeof v) {
      case 'number':
        node.value = Number.isFinite(v) ? v : String(v);
        node.preview = Object.is(v, -0) ? '-0' : String(v);
        return;
      case 'bigint':
        node.value = String(v);
        node.preview = String(v);
        return;
      case 'boolean':
        node.value = v;
        node.preview = String(v);
        return;
      default: {
        const text = v instanceof Date ? v.toISOString() : String(v);
        node.value = text;
        node.preview = text;
      }
    }
  }

  /** Binary and dense arrays: in out-of-band mode a buffer object (in-band flag, spec "Out-of-band"). */
  private readBytesLike(node: Node, typeId: number): void {
    const r = this.r;
    const name = this.decoder.typeName(typeId)!;
    const width = this.decoder.elementWidth(typeId)!;
    node.kind = 'binary';
    let inBand = false;
    if (this.oob && (typeId === TypeId.BINARY || this.bufferObjects === 'all')) {
      if (typeId !== TypeId.BINARY) this.sawBufferObjectArray = true;
      const at = r.pos;
      const flag = r.readUint8();
      if (flag === 0) {
        const slot = this.bufferSlots++;
        const supplied = this.buffers?.[slot];
        node.kind = 'buffer';
        if (this.buffers !== undefined && supplied === undefined) {
          throw new InvalidDataError(`Out-of-band ${name} #${slot} is missing: ${this.buffers.length} buffer(s) were supplied`, at);
        }
        if (supplied === undefined) {
          node.buffer = { slot, inBand: false, resolved: false };
          node.preview = `out-of-band buffer #${slot} (not supplied)`;
          return;
        }
        if (supplied.byteLength % width !== 0) {
          throw new InvalidDataError(`Out-of-band ${name} of ${supplied.byteLength} bytes is not a multiple of ${width}`, at);
        }
        node.buffer = { slot, inBand: false, byteLength: supplied.byteLength, resolved: true };
        node.size = supplied.byteLength / width;
        node.preview = `out-of-band buffer #${slot}: ${node.size} element(s), ${hexOf(supplied, BYTES_PREVIEW)}`;
        return;
      }
      if (flag !== 1) throw new InvalidDataError(`Invalid buffer-object flag ${flag} for ${name}`, at);
      inBand = true;
    }
    const v = this.decoder.read(typeId) as ArrayLike<number | bigint | boolean> | { readonly length: number; get(i: number): number | boolean };
    const count = v.length;
    node.size = count;
    if (inBand) node.buffer = { slot: -1, inBand: true, byteLength: count * width, resolved: true };
    if (typeId === TypeId.BINARY) {
      const hex = hexOf(v as Uint8Array, BYTES_PREVIEW);
      node.preview = `${hex} (${count} bytes)`;
      node.value = hex;
      return;
    }
    const get = 'get' in v && typeof v.get === 'function' ? (i: number) => v.get(i) : (i: number) => (v as ArrayLike<unknown>)[i];
    let out = '[';
    for (let i = 0; i < Math.min(count, ARRAY_PREVIEW); i++) out += (i ? ', ' : '') + String(get(i));
    node.preview = `${out}${count > ARRAY_PREVIEW ? ', …' : ''}] (${count})`;
  }

  // -- collections ------------------------------------------------------------------------------

  /** list/set (spec "collection/list"): `| varuint32 length | elements header | [type meta] | elements |`. */
  private readCollection(node: Node, typeId: number, decl: LayoutType | null): void {
    const r = this.r;
    const isList = typeId === TypeId.LIST;
    node.kind = isList ? 'list' : 'set';
    const at = r.pos;
    const n = r.readVarUint32();
    node.size = n;
    const children: Node[] = (node.children = []);
    if (n === 0) {
      node.preview = '[]';
      if (!decl) node.type = isList ? 'list' : 'set';
      return;
    }
    this.checkSize(n, at);
    const headerAt = r.pos;
    const header = r.readUint8();
    if (header & CollectionFlag.RESERVED_MASK) throw new InvalidDataError(`Reserved bits set in collection header 0x${header.toString(16)}`, headerAt);
    this.enter();
    const trackRef = (header & CollectionFlag.TRACK_REF) !== 0;
    const hasNull = (header & CollectionFlag.HAS_NULL) !== 0;
    const path = node.path;
    if (header & CollectionFlag.SAME_TYPE) {
      let info: TypeInfo | null = null;
      let elemDecl: LayoutType | null = null;
      if (header & CollectionFlag.DECL_ELEMENT_TYPE) {
        if (!decl?.element) throw new InvalidDataError('Collection claims a declared element type, but none is declared here', headerAt);
        elemDecl = decl.element;
      } else {
        info = this.readTypeInfo();
        if (!decl) node.type = `${isList ? 'list' : 'set'}<${info.name}>`;
      }
      const declaredName = elemDecl ? this.typeName(elemDecl) : decl?.element ? this.typeName(decl.element) : undefined;
      for (let i = 0; i < n; i++) {
        const label = indexLabel(i);
        const c = this.child(node, label, path + label);
        c.declaredType = declaredName;
        if (info) c.wireType = info.wire;
        this.readFlagged(c, info, elemDecl, trackRef || hasNull, trackRef);
      }
    } else {
      if (!decl) node.type = isList ? 'list' : 'set';
      const declaredName = decl?.element ? this.typeName(decl.element) : undefined;
      for (let i = 0; i < n; i++) {
        const label = indexLabel(i);
        const c = this.child(node, label, path + label);
        c.declaredType = declaredName;
        this.readFlagged(c, null, ANY, trackRef || hasNull, trackRef);
      }
    }
    this.depth--;
    node.note = collectionNote(header);
    node.preview = joinPreviews(children, '[', ']', false);
  }

  /** map (spec "map"): `| varuint32 total | chunk… |`; a chunk with a null side has no size byte. */
  private readMap(node: Node, decl: LayoutType | null): void {
    const r = this.r;
    node.kind = 'map';
    if (!decl) node.type = 'map';
    const at = r.pos;
    const size = r.readVarUint32();
    node.size = size;
    node.children = [];
    if (size === 0) {
      node.preview = '{}';
      return;
    }
    this.checkSize(size, at);
    this.enter();
    let count = 0;
    let chunkIndex = 0;
    while (count < size) {
      const headerAt = r.pos;
      const header = r.readUint8();
      if (header & MapFlag.RESERVED_MASK) throw new InvalidDataError(`Reserved bits set in map chunk header 0x${header.toString(16)}`, headerAt);
      if (header & NULL_SIDE) {
        const chunk = { index: chunkIndex++, start: headerAt, end: -1, size: 1, header };
        const entry = this.newEntry(node, count, headerAt, chunk);
        this.readNullChunkSide(entry, 'key', header, MapFlag.KEY_HAS_NULL, MapFlag.KEY_TRACK_REF, MapFlag.KEY_DECL_TYPE, decl?.key);
        this.readNullChunkSide(entry, 'value', header, MapFlag.VALUE_HAS_NULL, MapFlag.VALUE_TRACK_REF, MapFlag.VALUE_DECL_TYPE, decl?.value);
        chunk.end = r.pos;
        this.closeEntry(entry);
        count++;
        continue;
      }
      const chunkSize = readMapChunkSize(r, count, size);
      const chunk = { index: chunkIndex++, start: headerAt, end: -1, size: chunkSize, header };
      let keyInfo: TypeInfo | null = null;
      let valueInfo: TypeInfo | null = null;
      let keyDecl: LayoutType | null = null;
      let valueDecl: LayoutType | null = null;
      if (header & MapFlag.KEY_DECL_TYPE) {
        if (!decl?.key) throw new InvalidDataError('Map chunk claims a declared type, but none is declared here', headerAt);
        keyDecl = decl.key;
      } else keyInfo = this.readTypeInfo();
      if (header & MapFlag.VALUE_DECL_TYPE) {
        if (!decl?.value) throw new InvalidDataError('Map chunk claims a declared type, but none is declared here', headerAt);
        valueDecl = decl.value;
      } else valueInfo = this.readTypeInfo();
      const keyTrack = (header & MapFlag.KEY_TRACK_REF) !== 0;
      const valueTrack = (header & MapFlag.VALUE_TRACK_REF) !== 0;
      for (let i = 0; i < chunkSize; i++) {
        const entry = this.newEntry(node, count + i, r.pos, chunk);
        const k = this.child(entry, 'key', entry.path + '.key');
        if (keyInfo) k.wireType = keyInfo.wire;
        if (decl?.key) k.declaredType = this.typeName(decl.key);
        this.readFlagged(k, keyInfo, keyDecl, keyTrack, keyTrack);
        const v = this.child(entry, 'value', entry.path + '.value');
        if (valueInfo) v.wireType = valueInfo.wire;
        if (decl?.value) v.declaredType = this.typeName(decl.value);
        this.readFlagged(v, valueInfo, valueDecl, valueTrack, valueTrack);
        this.closeEntry(entry);
      }
      chunk.end = r.pos;
      count += chunkSize;
    }
    this.depth--;
    node.preview = `{${size} entr${size === 1 ? 'y' : 'ies'} in ${chunkIndex} chunk${chunkIndex === 1 ? '' : 's'}}`;
  }

  private newEntry(map: Node, index: number, start: number, chunk: Mutable<NonNullable<InspectNode['mapChunk']>>): Node {
    const label = indexLabel(index);
    const entry = this.newNode('map-entry', label, map.path + label, start);
    (map.children ??= []).push(entry);
    entry.mapChunk = chunk;
    entry.type = 'entry';
    return entry;
  }

  private closeEntry(entry: Node): void {
    const [k, v] = entry.children!;
    entry.label = k!.preview.length > 40 ? `${k!.preview.slice(0, 40)}…` : k!.preview;
    entry.preview = `${k!.preview} → ${v!.preview}`;
    entry.end = this.r.pos;
  }

  /** One side of a null-entry chunk: absent when null, else [ref flag] [type meta] payload. */
  private readNullChunkSide(entry: Node, side: 'key' | 'value', header: number, nullBit: number, trackBit: number, declBit: number, decl: LayoutType | undefined): void {
    const r = this.r;
    const node = this.child(entry, side, entry.path + (side === 'key' ? '.key' : '.value'));
    if (decl) node.declaredType = this.typeName(decl);
    if (header & nullBit) {
      node.kind = 'null';
      node.type = 'null';
      node.preview = 'null';
      node.value = null;
      node.end = r.pos;
      return;
    }
    if (header & trackBit) {
      const at = r.pos;
      const flag = r.readInt8();
      if (flag === WireRefFlag.REF) {
        this.readBackRef(node, at);
        return;
      }
      if (flag === WireRefFlag.REF_VALUE) this.registerRef(node, at);
      else if (flag === WireRefFlag.NOT_NULL_VALUE) node.refFlag = 'not-null';
      else throw new InvalidDataError(`Invalid reference flag ${flag} in map entry`, at);
    }
    if (header & declBit) {
      if (!decl) throw new InvalidDataError('Map chunk claims a declared type, but none is declared here', r.pos);
      this.readKnown(node, null, decl);
    } else this.readNonRef(node);
  }

  // -- user types -------------------------------------------------------------------------------

  /** Compatible struct: fields as the payload's TypeDef lists them (names, types, flags). */
  private readCompatibleStruct(node: Node, entry: TypeDefEntry): void {
    node.kind = 'struct';
    this.enter();
    const fields = entry.def.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const decl = entry.fields[i]!;
      const label = entry.labels[i]!;
      const c = this.child(node, label, node.path + entry.pathSuffixes[i]!);
      if (f.tagId !== undefined) c.note = `field tag id ${f.tagId}`;
      c.declaredType = this.typeName(decl);
      this.readFlagged(c, null, decl, decl.nullable, decl.ref);
    }
    this.depth--;
    node.preview = joinPreviews(node.children ?? [], `${node.type} {`, '}', true);
  }

  /**
   * Schema-consistent struct: int32 schema hash, then fields in the schema's order. Without a
   * matching schema the fields cannot be found (the payload has neither names nor a length).
   */
  private readConsistentStruct(node: Node, candidates: readonly UserTypeLayout[], name: string): void {
    const r = this.r;
    node.kind = 'struct';
    const hashAt = r.pos;
    if (candidates.length === 0) {
      this.stop(
        node,
        `Schema-consistent struct ${name}: the payload carries a 4-byte schema hash and the field values, but no field names, types or length. ` +
          `Pass its Type.struct spec in \`schemas\` to decode it; everything from here to the end of the payload is left undecoded.`,
      );
    }
    const hash = r.readInt32();
    const layout = candidates.find((c) => c.schemaHash === hash);
    if (!layout) {
      r.pos = hashAt;
      this.stop(
        node,
        `Schema-consistent struct ${name}: schema hash ${hash} matches none of the supplied schemas for it (hash ${candidates.map((c) => c.schemaHash).join(' / ')}): ` +
          `the writer's fields differ. Everything from here to the end of the payload is left undecoded.`,
      );
    }
    const h = this.newNode('scalar', '(schema hash)', `${node.path}.(schema hash)`, hashAt);
    (node.children ??= []).push(h);
    h.type = 'fixed int32';
    h.value = hash;
    h.preview = `0x${(hash >>> 0).toString(16).padStart(8, '0')}`;
    h.note = 'Schema-consistent structs start with the int32 hash of their schema (spec "Same-schema mode").';
    h.end = r.pos;
    this.enter();
    for (const f of layout.fields!) {
      // Tag-id fields are named by the schema; the payload has only the tag.
      const label = f.name;
      const c = this.child(node, label, node.path + this.pathSuffix(label));
      if (f.tagId !== undefined) c.note = `field tag id ${f.tagId}`;
      c.declaredType = this.typeName(f.type);
      this.readFlagged(c, null, f.type, f.type.nullable, f.type.ref);
    }
    this.depth--;
    node.preview = joinPreviews(node.children!.slice(1), `${node.type} {`, '}', true);
  }

  private readEnum(node: Node, layout: UserTypeLayout | undefined): void {
    node.kind = 'enum';
    const v = this.r.readVarUint32();
    const name = layout?.enumNames?.get(v);
    node.value = v;
    node.preview = name !== undefined ? `${name} (${v})` : `#${v}`;
  }

  /** Union payload: varuint32 case id, then the case value with its own ref flag and type meta. */
  private readUnion(node: Node): void {
    node.kind = 'union';
    const c = this.r.readVarUint32();
    node.value = c;
    this.enter();
    const v = this.child(node, `case ${c}`, `${node.path}.case${c}`);
    this.readFlagged(v, null, ANY, true, true);
    this.depth--;
    node.preview = `case ${c}: ${v.preview}`;
  }

  /** Ext payload: written by a user serializer; decoded only with its spec from `schemas`. */
  private readExt(node: Node, layout: UserTypeLayout | undefined, name: string): void {
    node.kind = 'ext';
    if (!layout?.ext) {
      this.stop(
        node,
        `Ext type ${name}: its payload is written by a user serializer and has no length on the wire. ` +
          `Pass its Type.ext spec in \`schemas\` to decode it; everything from here to the end of the payload is left undecoded.`,
      );
    }
    this.enter();
    const value = layout.ext.read(this.extReader(node));
    this.depth--;
    node.preview = `${name} ${previewOf(value)}`;
  }

  private extReader(node: Node): ExtReader {
    let k = 0;
    return createExtReader(this.r, {
      readString: () => this.decoder.read(TypeId.STRING) as string,
      // A nested value (its own ref flag and type meta) becomes a child node.
      readValue: () => {
        const label = indexLabel(k++);
        const c = this.child(node, label, node.path + label);
        this.readFlagged(c, null, ANY, true, true);
        return c.value;
      },
      bind: () => {},
      maxBinaryBytes: DEFAULT_LIMITS.maxBinaryBytes,
    });
  }

  /** Mark `node` opaque up to the end of the payload and end the walk (not an error). */
  private stop(node: Node, reason: string): never {
    const start = this.r.pos;
    node.kind = 'opaque';
    node.note = reason;
    node.preview = `${this.r.end - start} undecoded byte(s)`;
    this.r.pos = this.r.end;
    node.end = this.r.end;
    throw new StopWalk(start, reason);
  }

  // -- type meta --------------------------------------------------------------------------------

  /** Type meta (spec "Type Meta"): type id, then user id, meta strings or a shared TypeDef. */
  private readTypeInfo(): TypeInfo {
    const r = this.r;
    const at = r.pos;
    const id = r.readVarUint32();
    const builtin = this.builtinInfo[id];
    if (builtin) return builtin;
    switch (id) {
      case TypeId.LIST:
      case TypeId.SET:
      case TypeId.MAP:
        return this.builtin(id, typeIdName(id).toLowerCase());
      case TypeId.COMPATIBLE_STRUCT:
      case TypeId.NAMED_COMPATIBLE_STRUCT:
        this.setMode('compatible');
        return this.readSharedTypeDef(id);
      case TypeId.STRUCT:
      case TypeId.ENUM:
      case TypeId.EXT:
      case TypeId.TYPED_UNION: {
        if (id === TypeId.STRUCT) this.setMode('schema-consistent');
        const userId = r.readVarUint32();
        return this.userInfo(id, userId, '', '');
      }
      case TypeId.NAMED_STRUCT:
        this.setMode('schema-consistent');
        return this.readMetaStringName(id);
      case TypeId.NAMED_ENUM:
      case TypeId.NAMED_EXT:
      case TypeId.NAMED_UNION:
        // Compatible mode shares a TypeDef for these too, schema-consistent mode writes meta strings.
        if (this.mode === 'compatible' || (this.mode === undefined && this.typeDefFollows())) {
          this.setMode('compatible');
          return this.readSharedTypeDef(id);
        }
        return this.readMetaStringName(id);
      case TypeId.UNION:
        return this.builtin(id, 'union');
    }
    if (this.decoder.handles(id)) return this.builtin(id, this.decoder.typeName(id)!);
    if (id === TypeId.UNKNOWN) throw new InvalidDataError('Type id 0 (UNKNOWN) is not valid on the wire', at);
    throw new UnknownTypeError(`Unknown or unsupported type id ${id} (${typeIdName(id)})`, at, id);
  }

  private builtin(id: number, name: string): TypeInfo {
    const info: TypeInfo = { id, wire: { id, name: typeIdName(id) }, name, candidates: NO_LAYOUTS };
    this.builtinInfo[id] = info;
    return info;
  }

  private userInfo(id: number, userId: number | undefined, namespace: string, typeName: string): TypeInfo {
    const wire: WireTypeRef = userId !== undefined ? { id, name: typeIdName(id), userId } : { id, name: typeIdName(id), namespace, typeName };
    const candidates = this.schemas?.find(userKey(userId, namespace, typeName), STRUCT_IDS.has(id)) ?? NO_LAYOUTS;
    return { id, wire, name: displayName(kindWord(id), userId, namespace, typeName), candidates };
  }

  private readMetaStringName(id: number): TypeInfo {
    const namespace = this.metaStrings.read(this.r, NAMESPACE_CONTEXT, DEFAULT_LIMITS);
    const typeName = this.metaStrings.read(this.r, TYPE_NAME_CONTEXT, DEFAULT_LIMITS);
    return this.userInfo(id, undefined, namespace, typeName);
  }

  private setMode(mode: 'compatible' | 'schema-consistent'): void {
    if (this.mode === undefined) this.mode = mode;
    else if (this.mode !== mode && !this.mixedWarned) {
      this.mixedWarned = true;
      this.warnings.push(`Mixed struct modes: the payload has both compatible and schema-consistent user types (at offset ${this.r.pos})`);
    }
  }

  /** Whether a valid new TypeDef (hash verified) or a reference to a known one follows. */
  private typeDefFollows(): boolean {
    const r = this.r;
    const saved = r.pos;
    try {
      const marker = r.readVarUint32();
      const index = marker >>> 1;
      if (marker & 1) return index < this.typeDefs.length;
      if (index !== this.typeDefs.length) return false;
      decodeTypeDef(r, readTypeDefFrame(r, TYPEDEF_LIMITS), TYPEDEF_LIMITS);
      return true;
    } catch {
      return false;
    } finally {
      r.pos = saved;
    }
  }

  /** Shared TypeDef marker (`index << 1 | isReference`) and, the first time, the TypeDef. */
  private readSharedTypeDef(id: number): TypeInfo {
    const r = this.r;
    const markerAt = r.pos;
    const marker = r.readVarUint32();
    const index = marker >>> 1;
    let entry: TypeDefEntry | undefined;
    if (marker & 1) {
      entry = this.typeDefs[index];
      if (!entry) throw new InvalidDataError(`Reference to TypeDef #${index}, which this payload has not defined`, markerAt);
    } else {
      if (index !== this.typeDefs.length) throw new InvalidDataError(`TypeDef #${index} out of sequence (expected #${this.typeDefs.length})`, markerAt);
      if (index >= DEFAULT_LIMITS.maxTypeDefs) throw new LimitExceededError('maxTypeDefs', index + 1, DEFAULT_LIMITS.maxTypeDefs, markerAt);
      const frame = readTypeDefFrame(r, TYPEDEF_LIMITS);
      const def = decodeTypeDef(r, frame, TYPEDEF_LIMITS);
      entry = this.addTypeDef(def, index, frame.start, frame.bodyEnd);
    }
    if (entry.info && entry.info.id === id) return entry.info;
    const def = entry.def;
    const base = this.userInfo(id, def.byName ? undefined : def.userTypeId, def.namespace, def.typeName);
    const info: TypeInfo = { ...base, wire: { ...base.wire, typeDef: entry.index }, def: entry };
    entry.info = info;
    return info;
  }

  private addTypeDef(def: TypeDef, index: number, start: number, end: number): TypeDefEntry {
    const kind = def.isStruct
      ? 'struct'
      : def.kind === TypeDefKind.ENUM || def.kind === TypeDefKind.NAMED_ENUM
        ? 'enum'
        : def.kind === TypeDefKind.EXT || def.kind === TypeDefKind.NAMED_EXT
          ? 'ext'
          : 'union';
    const userId = def.byName ? undefined : def.userTypeId;
    // A schema for the same type (by id or name) names the user types of its fields (enum values, ext).
    const schema = this.schemas?.find(userKey(userId, def.namespace, def.typeName), false)[0];
    const labels: string[] = [];
    const fields: LayoutType[] = def.fields.map((f) => {
      const local = schema?.fields?.find((sf) => (f.tagId !== undefined ? sf.tagId === f.tagId : sf.name === f.name));
      labels.push(f.tagId === undefined ? f.name : (local?.name ?? `#${f.tagId}`));
      return local ? withUserTypes(f.type, local.type) : f.type;
    });
    const entry: TypeDefEntry = { def, index, fields, labels, pathSuffixes: labels.map((l) => this.pathSuffix(l)) };
    this.typeDefs.push(entry);
    this.typeDefInfos.push({
      index,
      start,
      end,
      name: displayName(kind, userId, def.namespace, def.typeName),
      kind,
      userId,
      fields: def.fields.map((f, i) => ({
        name: f.tagId !== undefined ? `#${f.tagId}` : f.name,
        type: this.typeName(fields[i]!),
        nullable: f.type.nullable,
        trackingRef: f.type.ref,
        tagId: f.tagId,
      })),
    });
    return entry;
  }
}

/** The remote field type, with user-type layouts taken from a local schema where the shapes agree. */
function withUserTypes(remote: FieldType, local: LayoutType): LayoutType {
  const out: Mutable<LayoutType> = { ...remote };
  if (local.userType && kindWord(remote.typeId) === local.userType.kind) out.userType = local.userType;
  if (remote.element && local.element) out.element = withUserTypes(remote.element, local.element);
  if (remote.key && local.key) out.key = withUserTypes(remote.key, local.key);
  if (remote.value && local.value) out.value = withUserTypes(remote.value, local.value);
  return out;
}

/** `[i]` labels, shared by every list (one string per index instead of one per element). */
const INDEX_LABELS: string[] = [];
function indexLabel(i: number): string {
  if (i >= 4096) return `[${i}]`;
  return (INDEX_LABELS[i] ??= `[${i}]`);
}

const COLLECTION_NOTES: string[] = [];
function collectionNote(header: number): string {
  return (COLLECTION_NOTES[header] ??= `elements header 0x${header.toString(16).padStart(2, '0')}${describeCollectionHeader(header)}`);
}

function describeCollectionHeader(header: number): string {
  const parts: string[] = [];
  if (header & CollectionFlag.TRACK_REF) parts.push('track ref');
  if (header & CollectionFlag.HAS_NULL) parts.push('has null');
  if (header & CollectionFlag.DECL_ELEMENT_TYPE) parts.push('declared element type');
  if (header & CollectionFlag.SAME_TYPE) parts.push('same type');
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function previewOf(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v !== 'object') return String(v);
  try {
    const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
    return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function toInspectError(err: unknown, path: string, fallbackOffset: number): InspectError {
  if (err instanceof ForyError) {
    const suffix = err.offset !== undefined ? ` (at offset ${err.offset})` : '';
    const message = suffix && err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    return { message, name: err.name, code: err.code, offset: err.offset ?? fallbackOffset, path };
  }
  // Not a Ferry error: a bug, an engine limit (e.g. stack overflow) or a user ext serializer's throw.
  const e = err as Error;
  return { message: e?.message ?? String(err), name: e?.name ?? 'Error', offset: fallbackOffset, path };
}

/** Close the nodes left open by an error or a stop: each ends where the walk ended. */
function closeOpen(node: Node, end: number): void {
  let n: Node | undefined = node;
  while (n) {
    if (n.end < 0) {
      n.end = end;
      if (n.note === undefined) n.note = 'incomplete: decoding stopped inside this value';
    }
    const children: Node[] | undefined = n.children;
    n = children && children.length ? children[children.length - 1] : undefined;
  }
}

interface Attempt {
  walker: Walker;
  header?: InspectHeader;
  root?: Node;
  error?: InspectError;
  undecoded?: { start: number; end: number; reason: string };
}

function attempt(bytes: Uint8Array, options: InspectOptions, schemas: SchemaIndex | undefined, bufferObjects: 'all' | 'binary'): Attempt {
  const walker = new Walker(bytes, options.buffers, schemas, options.maxNodes ?? 10_000_000);
  walker.bufferObjects = bufferObjects;
  const out: Attempt = { walker };
  try {
    out.header = walker.readHeader();
    walker.readRoot();
    walker.finish();
  } catch (err) {
    // A partial tree: every node created so far hangs off the root; close the unfinished ones.
    if (err instanceof StopWalk) {
      out.undecoded = { start: err.start, end: bytes.length, reason: err.reason };
      if (walker.root) closeOpen(walker.root, bytes.length);
    } else {
      const offset = walker.r.pos;
      out.error = toInspectError(err, walker.currentPath, offset);
      if (walker.root) closeOpen(walker.root, Math.max(offset, out.error.offset));
    }
  }
  out.root = walker.root;
  return out;
}

/**
 * Decode any Fory xlang payload into an inspectable tree. Never throws for malformed input (the
 * result then has `error` and a partial tree); throws a TypeError only for invalid options.
 */
export function inspect(bytes: Uint8Array, options: InspectOptions = {}): InspectResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('inspect expects a Uint8Array');
  if (options.buffers !== undefined && (!Array.isArray(options.buffers) || !options.buffers.every((b) => b instanceof Uint8Array))) {
    throw new TypeError('inspect: buffers must be an array of Uint8Array');
  }
  const schemas = options.schemas && options.schemas.length ? new SchemaIndex(options.schemas) : undefined;
  const mode = options.bufferObjects ?? 'auto';
  let result = attempt(bytes, options, schemas, mode === 'binary' ? 'binary' : 'all');
  const slotsMismatch = (a: Attempt) => options.buffers !== undefined && a.walker.bufferSlots !== options.buffers.length;
  if (mode === 'auto' && result.walker.sawBufferObjectArray && (result.error || slotsMismatch(result))) {
    // pyfory keeps dense arrays in-band without a buffer-object flag: try that reading too, and
    // keep it if it reads further, or as far but using exactly the supplied buffers.
    const other = attempt(bytes, options, schemas, 'binary');
    const better = result.error
      ? !other.error || other.error.offset > result.error.offset
      : !other.error && !slotsMismatch(other);
    if (better) result = other;
  }
  const w = result.walker;
  let header: InspectHeader | undefined = result.header;
  if (header) {
    if (header.outOfBand) header = { ...header, bufferObjects: w.bufferObjects };
    if (w.mode) header = { ...header, mode: w.mode };
  }
  const out: Mutable<InspectResult> = {
    byteLength: bytes.length,
    header,
    root: result.root as InspectNode | undefined,
    typeDefs: w.typeDefInfos,
    nodeCount: w.nodeCount,
    warnings: w.warnings,
  };
  if (result.error) out.error = result.error;
  if (result.undecoded) out.undecoded = result.undecoded;
  return out;
}
