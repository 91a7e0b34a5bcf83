/**
 * Cross-language tests against the real runtimes: pyfory (Python) and fory-core (Java), both
 * directions, both ref modes. Peers are installed by peers/setup.sh (run by .ci/run).
 *
 * For each case and peer:
 *  1. TS writes → the peer reads and checks the value; the peer's re-serialization → TS reads it.
 *  2. The peer writes (where it has a native carrier) → TS reads and checks → the bytes equal
 *     Ferry's own encoding of the value (unless the case documents an encoder difference) →
 *     TS re-serializes what it read → the peer reads that and checks the value again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { usePeer } from './xlang/peer.js';
import { Fory, ForyError } from '../src/index.js';
import { hex, h } from './helpers.js';
import { CASES, type PeerKind } from './xlang/cases.js';
import { diff, looselyEqual, toFerry, type Tagged } from './xlang/tagged.js';

const PEERS: PeerKind[] = ['python', 'java'];

for (const kind of PEERS) {
  describe(`${kind} peer`, () => {
    const peerOf = usePeer(kind);

    for (const ref of [false, true]) {
      describe(`ref=${ref}`, () => {
        const fory = new Fory({ ref });
        beforeAll(async () => {
          const res = await peerOf().request({ op: 'config', ref, compatible: true });
          expect(res.ok).toBe(true);
        });

        for (const c of CASES) {
          if (c.refOnly && !ref) continue;
          const expectedByPeer = c.readsAs?.[kind] ?? c.value;
          const exact = !(c.notExact ?? []).includes((ref ? `${kind}:ref` : kind) as never);

          it(`${c.name}: TS → ${kind} → TS`, async () => {
            const bytes = fory.serialize(toFerry(c.value));
            const res = await peerOf().request({ op: 'read', hex: hex(bytes), expect: expectedByPeer });
            expect(res.ok, `${kind} failed to read ${hex(bytes)}: ${res.error}`).toBe(true);
            expect(res.equal, `${kind} decoded ${hex(bytes)} as ${JSON.stringify(res.value)}: ${res.diff}`).toBe(true);
            if (c.peerReserializationInvalid?.includes(kind)) {
              if (res.hex) expect(() => fory.deserialize(h(res.hex!))).toThrow(ForyError);
              else expect(res.reserializeError).toBeTruthy();
            } else if (res.hex) {
              // The peer's own re-serialization of what it read: TS must read it as the peer saw it.
              const back = fory.deserialize(h(res.hex));
              expect(diff(back, expectedByPeer)).toBeNull();
            } else {
              expect(res.reserializeError, 'peer gave no re-serialization and no reason').toBeTruthy();
            }
          });

          const writers = c.writers ?? PEERS;
          if (writers.includes(kind)) {
            it(`${c.name}: ${kind} → TS → ${kind}`, async () => {
              const res = await peerOf().request({ op: 'write', value: c.value });
              expect(res.ok, `${kind} failed to write: ${res.error}`).toBe(true);
              const peerBytes = h(res.hex!);
              const decoded = fory.deserialize(peerBytes);
              expect(diff(decoded, c.value)).toBeNull();
              if (exact) expect(hex(fory.serialize(toFerry(c.value)))).toBe(res.hex);
              // TS re-serializes what it decoded (dynamic mapping) for the peer to read once more.
              const again = fory.serialize(decoded);
              const reread = await peerOf().request({ op: 'read', hex: hex(again), expect: expectedByPeer });
              expect(reread.ok, `${kind} failed to read TS re-serialization ${hex(again)}: ${reread.error}`).toBe(true);
              // Values must survive; only a number's int/float family may change (one JS `number`).
              const same = reread.equal || looselyEqual(reread.value as Tagged, expectedByPeer);
              expect(same, `${kind} read ${hex(again)} as ${JSON.stringify(reread.value)}: ${reread.diff}`).toBe(true);
            });
          }
        }
      });
    }
  });
}
