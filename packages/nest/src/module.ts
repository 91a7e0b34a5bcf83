import type { Fory } from '@ferry/core';
import { Inject, Logger, Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import { installBodyReader } from './body.js';
import { createFory, FerryCodec } from './codec.js';
import { FERRY_FORY, FERRY_OPTIONS } from './constants.js';
import { FerryInterceptor } from './interceptor.js';
import type { FerryModuleAsyncOptions, FerryModuleOptions, FerryModuleStaticOptions } from './options.js';

/**
 * Provides one shared `Fory` instance (token `FERRY_FORY`, or `@InjectFory()`), `FerryCodec` and
 * `FerryInterceptor`, and installs the Fory request-body reader on the HTTP adapter.
 *
 *   FerryModule.forRoot({ types: [Person], fory: { ref: true } })
 *   FerryModule.forRootAsync({ inject: [ConfigService], useFactory: (c) => ({ … }) })
 */
@Module({})
export class FerryModule implements NestModule {
  private readonly logger = new Logger('FerryModule');

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(FerryCodec) private readonly codec: FerryCodec,
  ) {}

  static forRoot(options: FerryModuleOptions & FerryModuleStaticOptions = {}): DynamicModule {
    return FerryModule.build({ provide: FERRY_OPTIONS, useValue: options }, options, []);
  }

  static forRootAsync(options: FerryModuleAsyncOptions): DynamicModule {
    const provider: Provider = { provide: FERRY_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] };
    return FerryModule.build(provider, options, options.imports ?? []);
  }

  private static build(optionsProvider: Provider, statics: FerryModuleStaticOptions, imports: NonNullable<DynamicModule['imports']>): DynamicModule {
    const providers: Provider[] = [
      optionsProvider,
      { provide: FERRY_FORY, useFactory: (o: FerryModuleOptions): Fory => createFory(o), inject: [FERRY_OPTIONS] },
      FerryCodec,
      FerryInterceptor,
    ];
    if (statics.globalInterceptor) providers.push({ provide: APP_INTERCEPTOR, useClass: FerryInterceptor });
    return {
      module: FerryModule,
      global: statics.isGlobal ?? true,
      imports,
      providers,
      exports: [FERRY_FORY, FERRY_OPTIONS, FerryCodec, FerryInterceptor],
    };
  }

  /**
   * Nest calls this while registering middleware: after its own body parsers and before the
   * routes, which is where the Fory body reader has to go on both adapters.
   */
  configure(_consumer: MiddlewareConsumer): void {
    if (!this.codec.options.bodyParser) return;
    installBodyReader(this.adapterHost.httpAdapter, this.codec, this.logger);
  }
}
