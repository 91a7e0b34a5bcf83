/**
 * Meta strings inside payloads (same-schema named types): deduplicated per payload.
 * peers/struct-findings.md §3:
 *   new:  varuint32(len << 1), then len <= 16: one encoding byte; len > 16: 8-byte LE hash whose
 *         low byte is the encoding (murmur3_x64_128(bytes, 47) lane 0) — then the bytes.
 *   repeat: varuint32(((id + 1) << 1) | 1), one id table per payload shared by namespaces and names.
 */
import { InvalidDataError, LimitExceededError } from '../errors.js';
import type { ForyLimits } from '../limits.js';
import { absInt64 } from '../wire/ranges.js';
import { decodeMetaString, type EncodedMetaString, type MetaStringContext } from '../meta/meta-string.js';
import { murmurhash3_x64_128 } from '../meta/murmurhash3.js';
import type { ByteReader } from '../wire/reader.js';
import type { ByteWriter } from '../wire/writer.js';

const SMALL = 16;

/** Java writes abs(lane 0); pyfory writes lane 0 as is. Writers here follow Java; readers accept both. */
function hashOf(bytes: Uint8Array, encoding: number): [bigint, bigint] {
  const lane0 = murmurhash3_x64_128(bytes, 47)[0];
  const abs = absInt64(lane0);
  const withEncoding = (h: bigint) => BigInt.asIntN(64, (h & ~0xffn) | BigInt(encoding));
  return [withEncoding(abs), withEncoding(lane0)];
}

export class MetaStringWriter {
  private readonly ids = new Map<EncodedMetaString, number>();

  reset(): void {
    if (this.ids.size) this.ids.clear();
  }

  /** `s` must be a canonical instance (see TypeResolver.metaString) so equal strings dedup. */
  write(w: ByteWriter, s: EncodedMetaString): void {
    const id = this.ids.get(s);
    if (id !== undefined) {
      w.writeVarUint32(((id + 1) << 1) | 1);
      return;
    }
    this.ids.set(s, this.ids.size);
    const len = s.bytes.length;
    w.writeVarUint32(len << 1);
    if (len <= SMALL) w.writeUint8(s.encoding);
    else w.writeInt64(writtenHash(s));
    w.writeBytes(s.bytes);
  }
}

/**
 * The hash written for a long meta string, once per canonical instance: MurmurHash3 over BigInts
 * is far too slow to recompute for every payload that names the type.
 */
const WRITTEN_HASHES = new WeakMap<EncodedMetaString, bigint>();
function writtenHash(s: EncodedMetaString): bigint {
  let hash = WRITTEN_HASHES.get(s);
  if (hash === undefined) {
    hash = hashOf(s.bytes, s.encoding)[0]!;
    WRITTEN_HASHES.set(s, hash);
  }
  return hash;
}

interface RawMetaString {
  readonly bytes: Uint8Array;
  readonly encoding: number;
}

export class MetaStringReader {
  private readonly table: RawMetaString[] = [];

  reset(): void {
    if (this.table.length) this.table.length = 0;
  }

  read(r: ByteReader, ctx: MetaStringContext, limits: ForyLimits): string {
    const maxBytes = limits.maxStringBytes;
    const at = r.pos;
    const header = r.readVarUint32();
    let raw: RawMetaString;
    if (header & 1) {
      const id = (header >>> 1) - 1;
      const found = this.table[id];
      if (found === undefined) throw new InvalidDataError(`Reference to unknown meta string ${id}`, at);
      raw = found;
    } else {
      const len = header >>> 1;
      if (len > maxBytes) throw new LimitExceededError('maxStringBytes', len, maxBytes, at, 'meta string');
      let encoding: number;
      let hash: bigint | undefined;
      if (len <= SMALL) encoding = r.readUint8();
      else {
        r.checkReadable(8, 'meta string hash');
        // Two uint32 reads instead of a DataView per payload (see readTypeDefFrame).
        const lo = r.readUint32();
        hash = BigInt.asIntN(64, (BigInt(r.readUint32()) << 32n) | BigInt(lo));
        encoding = Number(hash & 0xffn);
      }
      // A view is enough: the table lives for this payload only and decoding copies into a string.
      const bytes = r.readView(len, 'meta string');
      if (hash !== undefined && !hashOf(bytes, encoding).includes(hash)) {
        throw new InvalidDataError('Malformed meta string hash', at);
      }
      raw = { bytes, encoding };
      if (this.table.length >= limits.maxMetaStrings) throw new LimitExceededError('maxMetaStrings', this.table.length + 1, limits.maxMetaStrings, at);
      this.table.push(raw);
    }
    return decodeMetaString(raw.bytes, raw.encoding, ctx, at);
  }
}
