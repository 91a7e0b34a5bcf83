/**
 * list and set. Spec: "collection/list" — `| varuint32 length | elements header | [type info] | elements |`.
 */
import { InvalidDataError, UnsupportedValueError } from '../../errors.js';
import { CollectionFlag, RefFlag } from '../../meta/flags.js';
import { TypeId } from '../../meta/type-ids.js';
import type { ReadContext } from '../read-context.js';
import type { Serializer } from '../serializer.js';
import { WriteContext } from '../write-context.js';

type Collection = unknown[] | Set<unknown>;

/**
 * A list (JS Array) or set (JS Set) whose element type is either known (`element`) or inferred per
 * value (`element === null`, the dynamic case). Element types are never "declared" here: in root and
 * dynamic positions the reader has no schema, so the type info is written (header bit 2 clear).
 */
export class CollectionSerializer implements Serializer<Collection> {
  readonly trackRef = true;
  readonly name: string;

  constructor(
    readonly typeId: typeof TypeId.LIST | typeof TypeId.SET,
    readonly element: Serializer | null,
    /**
     * The element type is declared by the enclosing schema (a struct field): the header says so
     * (bit 2) and no element type info is written.
     */
    readonly declaredElement = false,
  ) {
    const kind = typeId === TypeId.LIST ? 'list' : 'set';
    this.name = `${kind}<${element?.name ?? 'any'}>`;
  }

  write(ctx: WriteContext, value: unknown): void {
    const isList = this.typeId === TypeId.LIST;
    if (isList ? !Array.isArray(value) : !(value instanceof Set)) {
      throw new UnsupportedValueError(`${this.name} values must be ${isList ? 'Arrays' : 'Sets'}`);
    }
    const items: ArrayLike<unknown> = isList ? (value as unknown[]) : Array.from(value as Set<unknown>);
    const n = items.length;
    const w = ctx.writer;
    w.writeVarUint32(n);
    if (n === 0) return;
    ctx.enterContainer();
    let i = 0;
    try {
      // One pass to learn nullness and whether every element has the same type.
      let hasNull = false;
      let same: Serializer | null = this.element;
      let sameType = true;
      for (let k = 0; k < n; k++) {
        const e = items[k];
        if (ctx.isNull(e)) {
          hasNull = true;
        } else if (this.element === null && sameType) {
          i = k;
          const s = ctx.resolver.serializerFor(e);
          if (same === null) same = s;
          else if (s !== same) sameType = false;
        }
      }
      if (same === null) sameType = false; // all null
      let header = hasNull ? CollectionFlag.HAS_NULL : 0;
      if (sameType) {
        const elem = same!;
        const trackRef = ctx.refTracking && elem.trackRef;
        header |= CollectionFlag.SAME_TYPE | (trackRef ? CollectionFlag.TRACK_REF : 0);
        if (this.declaredElement) {
          w.writeUint8(header | CollectionFlag.DECL_ELEMENT_TYPE);
        } else {
          w.writeUint8(header);
          ctx.writeTypeInfo(elem);
        }
        if (trackRef) {
          for (i = 0; i < n; i++) {
            const e = items[i];
            if (ctx.isNull(e)) w.writeInt8(RefFlag.NULL);
            else if (!ctx.writeTrackedFlag(e as object)) elem.write(ctx, e);
          }
        } else if (hasNull) {
          for (i = 0; i < n; i++) {
            const e = items[i];
            if (ctx.isNull(e)) w.writeInt8(RefFlag.NULL);
            else {
              w.writeInt8(RefFlag.NOT_NULL_VALUE);
              elem.write(ctx, e);
            }
          }
        } else {
          for (i = 0; i < n; i++) elem.write(ctx, items[i]);
        }
      } else {
        const trackRef = ctx.refTracking;
        header |= trackRef ? CollectionFlag.TRACK_REF : 0;
        w.writeUint8(header);
        if (trackRef) {
          for (i = 0; i < n; i++) ctx.writeRef(items[i]);
        } else if (hasNull) {
          for (i = 0; i < n; i++) {
            const e = items[i];
            if (ctx.isNull(e)) w.writeInt8(RefFlag.NULL);
            else {
              w.writeInt8(RefFlag.NOT_NULL_VALUE);
              ctx.writeNonRef(ctx.resolver.serializerFor(e), e);
            }
          }
        } else {
          for (i = 0; i < n; i++) {
            const e = items[i];
            ctx.writeNonRef(ctx.resolver.serializerFor(e), e);
          }
        }
      }
    } catch (err) {
      throw WriteContext.annotate(err, `[${i}]`);
    }
    ctx.leaveContainer();
  }

  read(ctx: ReadContext): Collection {
    const r = ctx.reader;
    const at = r.pos;
    const n = r.readVarUint32();
    const isList = this.typeId === TypeId.LIST;
    if (n === 0) {
      const empty = isList ? [] : new Set();
      ctx.bindRef(empty);
      return empty;
    }
    ctx.checkCollectionSize(n, at, 1);
    const headerAt = r.pos;
    const header = r.readUint8();
    if (header & CollectionFlag.RESERVED_MASK) {
      throw new InvalidDataError(`Reserved bits set in collection header 0x${header.toString(16)}`, headerAt);
    }
    const out: unknown[] = new Array(n);
    const set = isList ? null : new Set<unknown>();
    ctx.bindRef(set ?? out);
    ctx.enterContainer();
    const trackRef = (header & CollectionFlag.TRACK_REF) !== 0;
    const hasNull = (header & CollectionFlag.HAS_NULL) !== 0;
    if (header & CollectionFlag.SAME_TYPE) {
      let elem: Serializer;
      if (header & CollectionFlag.DECL_ELEMENT_TYPE) {
        if (this.element === null) {
          throw new InvalidDataError('Collection claims a declared element type, but none is declared here', headerAt);
        }
        elem = this.element;
      } else {
        elem = ctx.readTypeInfo();
      }
      if (trackRef) {
        for (let i = 0; i < n; i++) out[i] = ctx.readRefAs(elem);
      } else if (hasNull) {
        for (let i = 0; i < n; i++) {
          const flagAt = r.pos;
          const flag = r.readInt8();
          if (flag === RefFlag.NULL) out[i] = null;
          else if (flag === RefFlag.NOT_NULL_VALUE) out[i] = elem.read(ctx);
          else throw new InvalidDataError(`Invalid element flag ${flag} in a nullable collection`, flagAt);
        }
      } else {
        for (let i = 0; i < n; i++) out[i] = elem.read(ctx);
      }
    } else if (trackRef) {
      for (let i = 0; i < n; i++) out[i] = ctx.readRef();
    } else if (hasNull) {
      for (let i = 0; i < n; i++) {
        const flagAt = r.pos;
        const flag = r.readInt8();
        if (flag === RefFlag.NULL) out[i] = null;
        else if (flag === RefFlag.NOT_NULL_VALUE) out[i] = ctx.readNonRef();
        else throw new InvalidDataError(`Invalid element flag ${flag} in a nullable collection`, flagAt);
      }
    } else {
      for (let i = 0; i < n; i++) out[i] = ctx.readNonRef();
    }
    ctx.leaveContainer();
    if (set) {
      for (let i = 0; i < n; i++) set.add(out[i]);
      return set;
    }
    return out;
  }
}
