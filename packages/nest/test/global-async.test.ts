/**
 * FerryModule.forRootAsync with the interceptor registered globally (APP_INTERCEPTOR), on both
 * adapters: undecorated controllers negotiate, the factory's options apply, and the module's
 * instance is the one injected everywhere.
 */
import type { Fory } from '@ferry/core';
import { Body, Controller, Get, HttpCode, Inject, Module, Post, Res } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FERRY_FORY, FerryModule, FerryResponse, ProblemType } from '../src/index.js';
import { ADAPTERS, startApp } from './fixtures/http-app.js';
import { Person, asBody, clientFory } from './fixtures/schemas.js';

const SETTINGS = Symbol('settings');

@Module({ providers: [{ provide: SETTINGS, useValue: { limit: 1024 } }], exports: [SETTINGS] })
class SettingsModule {}

@Controller('things')
class ThingsController {
  constructor(@Inject(FERRY_FORY) private readonly fory: Fory) {}

  @Get()
  list() {
    return [{ name: 'a', count: 1 }];
  }

  @Get('person')
  @FerryResponse(Person) // with the global interceptor this only names the type
  person() {
    return { name: 'Typed', age: 3 };
  }

  @Get('nothing')
  nothing() {
    return undefined;
  }

  @Get('raw')
  raw(@Res() res: { status(code: number): { send(body: string): unknown } }) {
    // Library-specific response (Express and Fastify both have status().send()): left alone.
    res.status(202).send('raw text');
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown) {
    return { body, registered: typeof this.fory.register === 'function' };
  }
}

@Module({
  imports: [
    FerryModule.forRootAsync({
      globalInterceptor: true,
      imports: [SettingsModule],
      inject: [SETTINGS],
      useFactory: async (settings: { limit: number }) => ({ types: [Person], bodyLimit: settings.limit }),
    }),
  ],
  controllers: [ThingsController],
})
class AsyncAppModule {}

const fory = clientFory();

describe.each(ADAPTERS)('forRootAsync + global interceptor on %s', (kind) => {
  let app: Awaited<ReturnType<typeof startApp>>['app'];
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await startApp(kind, AsyncAppModule));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('negotiates undecorated routes', async () => {
    const json = await fetch(`${url}/things`);
    expect(json.headers.get('vary')).toMatch(/\bAccept\b/i);
    expect(await json.json()).toEqual([{ name: 'a', count: 1 }]);
    const res = await fetch(`${url}/things`, { headers: { accept: 'application/fory' } });
    expect(res.headers.get('content-type')).toBe('application/fory');
    expect(fory.deserialize(new Uint8Array(await res.arrayBuffer()))).toEqual([{ name: 'a', count: 1 }]);
  });

  it('encodes with the type from @FerryResponse, once, with one Vary entry', async () => {
    const res = await fetch(`${url}/things/person`, { headers: { accept: 'application/fory' } });
    expect(res.headers.get('vary')).toBe('Accept');
    const person = fory.deserialize<object>(new Uint8Array(await res.arrayBuffer()));
    expect(person.constructor.name).toBe('Person');
    expect({ ...person }).toEqual({ name: 'Typed', age: 3 });
  });

  it('passes through undefined results and @Res() responses', async () => {
    const nothing = await fetch(`${url}/things/nothing`, { headers: { accept: 'application/fory' } });
    expect(nothing.status).toBe(200);
    expect((await nothing.arrayBuffer()).byteLength).toBe(0);
    const raw = await fetch(`${url}/things/raw`, { headers: { accept: 'application/fory' } });
    expect(raw.status).toBe(202);
    expect(await raw.text()).toBe('raw text');
  });

  it('uses the options from the factory (body limit 1024)', async () => {
    const small = await fetch(`${url}/things/echo`, {
      method: 'POST',
      body: asBody(fory.serialize({ a: 1 })),
      headers: { 'content-type': 'application/fory' },
    });
    expect(await small.json()).toEqual({ body: { a: 1 }, registered: true });
    const big = await fetch(`${url}/things/echo`, {
      method: 'POST',
      body: asBody(fory.serialize({ a: 'x'.repeat(2000) })),
      headers: { 'content-type': 'application/fory' },
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ type: ProblemType.bodyTooLarge, limit: 1024 });
  });
});
