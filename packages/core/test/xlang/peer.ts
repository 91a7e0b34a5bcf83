/** Start a real peer (pyfory or Java fory-core) for a describe block and stop it afterwards. */
import { afterAll, beforeAll } from 'vitest';
import { startPeer, type Peer, type PeerKind } from '../../../../peers/client.mjs';

export function usePeer(kind: PeerKind): () => Peer {
  let peer: Peer | undefined;
  beforeAll(async () => {
    peer = await startPeer(kind);
  }, 120_000);
  afterAll(async () => {
    await peer?.close();
  });
  return () => {
    if (!peer) throw new Error(`${kind} peer is not running`);
    return peer;
  };
}
