import type { CaptureHook, EnumSpec, ExtSpec, Fory, ForyOptions, StructSpec, UnionSpec } from '@ferry/core';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';

/** Anything `fory.register` accepts. */
export type FerryRegistrable = StructSpec<any> | EnumSpec<any> | UnionSpec<any> | ExtSpec<any>;

/** Options of `FerryModule.forRoot` / the factory of `forRootAsync`. */
export interface FerryModuleOptions {
  /**
   * Options of the shared `Fory` instance. Ferry's defaults differ from core's in two places:
   * `maps: 'object'` (string-keyed dynamic maps decode as plain objects, which is what Nest handlers,
   * pipes and JSON responses expect; pass `maps: 'map'` to get core's `Map`s), and
   * `limits.maxPayloadElements` follows `bodyLimit` (at most as many collection elements per
   * payload as `bodyLimit` has bytes; docs/security.md).
   */
  fory?: ForyOptions;
  /** Use this `Fory` instance instead of creating one (then `fory` must not be given). */
  instance?: Fory;
  /** User types to register on the instance (structs, enums, unions, ext types). */
  types?: readonly FerryRegistrable[];
  /** Largest accepted `application/fory` request body, in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Largest accepted `application/fory-frames` request body, in bytes. Default: `bodyLimit`. */
  framesBodyLimit?: number;
  /** Most parts accepted in an `application/fory-frames` request body. Default 1024. */
  maxFrameParts?: number;
  /**
   * In `application/fory-frames` responses, binary values and dense arrays larger than this many
   * bytes travel out-of-band (as their own frame part, never copied into the payload). Default 64 KiB.
   */
  outOfBandAbove?: number;
  /**
   * Install the request-body reader for `application/fory` and `application/fory-frames` on the
   * HTTP adapter (Express middleware / Fastify content-type parser). Default true.
   */
  bodyParser?: boolean;
  /**
   * Opt-in payload capture (e.g. `@ferry/devtools`' `startCaptureServer().hook`): called with every
   * Fory request body as received (before decoding, so bodies that fail to decode are seen too) and
   * every Fory response as encoded, labelled `METHOD /path`. Off when absent: no cost.
   */
  capture?: CaptureHook;
}

/** Module-shape options: they decide which providers exist, so they cannot come from a factory. */
export interface FerryModuleStaticOptions {
  /** Register `FerryInterceptor` for every route (`APP_INTERCEPTOR`). Default false. */
  globalInterceptor?: boolean;
  /** Make the module global (its providers injectable everywhere). Default true. */
  isGlobal?: boolean;
}

export interface FerryModuleAsyncOptions extends FerryModuleStaticOptions, Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: any[]) => FerryModuleOptions | Promise<FerryModuleOptions>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

/** Options with every default applied. */
export interface ResolvedFerryOptions {
  readonly bodyLimit: number;
  readonly framesBodyLimit: number;
  readonly maxFrameParts: number;
  readonly outOfBandAbove: number;
  readonly bodyParser: boolean;
  readonly capture: CaptureHook | undefined;
}
