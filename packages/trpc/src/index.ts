/**
 * @ferry/trpc — tRPC v11 integration of @ferry/core (the Apache Fory™ xlang binary format).
 *
 * - `ferryTransformer(fory?)`: the data transformer for `initTRPC.create({ transformer })` and every
 *   client terminating link; HTTP carries `{"$ferry":"<base64url>"}` envelopes.
 * - `ferryWsEncoder()`: the websocket `experimental_encoder` for `createWSClient` and
 *   `applyWSSHandler`; binary frames end to end, out-of-band buffers included.
 */
export { ferryTransformer, defaultFory, type FerryTransformer, type FerryTransformerOptions } from './transformer.js';
export { ferryWsEncoder, type FerryWsEncoder, type FerryWsEncoderOptions } from './ws-encoder.js';
export { FerryPayload, ENVELOPE_KEY, parseEnvelope, isFerryPayload } from './envelope.js';
export { withSchema } from './schema.js';
export type { ForyTraits } from './codec.js';
