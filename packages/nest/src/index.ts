/**
 * @ferry/nest — NestJS integration of @ferry/core (the Apache Fory™ xlang binary format).
 * Microservice serializer, deserializer and TCP socket: `@ferry/nest/microservices`.
 */
export { FerryModule } from './module.js';
export { FerryCodec, createFory, type EncodedBody } from './codec.js';
export { FerryInterceptor } from './interceptor.js';
export { FerryBody, FerryResponse, InjectFory } from './decorators.js';
export { foryBodyMediaType, readBody } from './body.js';
export { negotiate, parseAccept, foryMediaType, type Representation, type ForyMediaType } from './negotiation.js';
export { chunkStream } from './frames.js';
export {
  ProblemType,
  isForyError,
  foryErrorProblem,
  type FerryProblem,
} from './problems.js';
export type { FerryModuleOptions, FerryModuleAsyncOptions, FerryModuleStaticOptions, FerryRegistrable, ResolvedFerryOptions } from './options.js';
export {
  FERRY_FORY,
  FERRY_OPTIONS,
  FORY_MEDIA_TYPE,
  FORY_FRAMES_MEDIA_TYPE,
  DEFAULT_BODY_LIMIT,
  DEFAULT_OUT_OF_BAND_ABOVE,
} from './constants.js';

export const VERSION = '0.1.0';
