/**
 * Nest microservices over the real TCP transport on loopback: a ClientProxy and a microservice,
 * both with FerrySerializer / FerryDeserializer — with the binary FerryTcpSocket framing, and with
 * Nest's default JsonSocket carrying base64.
 */
import { Fory, Type, typed } from '@ferry/core';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientProxyFactory,
  EventPattern,
  MessagePattern,
  Payload,
  RpcException,
  Transport,
  type ClientProxy,
  type TcpOptions,
} from '@nestjs/microservices';
import type { AddressInfo, Server } from 'node:net';
import { firstValueFrom, from, lastValueFrom, timeout, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FERRY_FORY, FerryModule } from '../src/index.js';
import { FerryDeserializer, FerrySerializer, FerryTcpSocket } from '../src/microservices/index.js';
import { Person, Samples, clientFory, type Person as PersonValue, type Samples as SamplesValue } from './fixtures/schemas.js';

/** Registered only on the server: the client cannot decode it. */
const Secret = Type.struct({ typeName: 'example.Secret' }, { code: Type.string() });

const EVENTS = Symbol('events');
interface EventLog {
  received: unknown[];
  waiters: Array<(v: unknown) => void>;
}

@Controller()
class RpcController {
  constructor(@Inject(EVENTS) private readonly events: EventLog) {}

  @MessagePattern({ cmd: 'birthday' })
  birthday(@Payload() person: PersonValue) {
    person.age += 1; // a decoded struct keeps its type, so it is re-encoded as example.Person
    return person;
  }

  @MessagePattern('make-person')
  makePerson(@Payload() name: string) {
    return typed(Person, { name, age: 1 }); // pin the type of a plain object
  }

  @MessagePattern('stream')
  stream(@Payload() n: number) {
    return from(Array.from({ length: n }, (_, i) => i * 10));
  }

  @MessagePattern('nothing')
  nothing() {
    return null;
  }

  @MessagePattern('fail')
  fail() {
    throw new RpcException({ status: 'error', message: 'nope', code: 42 });
  }

  @MessagePattern('secret')
  secret() {
    return typed(Secret, { code: 'x' });
  }

  @MessagePattern('unencodable')
  unencodable() {
    return { fn: Symbol('not encodable') };
  }

  @MessagePattern('sum')
  sum(@Payload() s: SamplesValue) {
    let total = 0;
    for (const v of s.values) total += v;
    return { label: s.label, count: s.values.length, total };
  }

  @EventPattern('audit')
  audit(@Payload() data: unknown) {
    this.events.received.push(data);
    this.events.waiters.splice(0).forEach((w) => w(data));
  }
}

function makeModule(events: EventLog) {
  @Module({
    imports: [FerryModule.forRoot({ types: [Person, Samples, Secret] })],
    controllers: [RpcController],
    providers: [{ provide: EVENTS, useValue: events }],
  })
  class RpcModule {}
  return RpcModule;
}

const configs = [
  { name: 'FerryTcpSocket (binary)', encoding: 'binary' as const, socketClass: FerryTcpSocket },
  { name: 'JsonSocket (base64)', encoding: 'base64' as const, socketClass: undefined },
];

describe.each(configs)('TCP transport with $name', ({ encoding, socketClass }) => {
  const events: EventLog = { received: [], waiters: [] };
  let server: INestMicroservice;
  let client: ClientProxy;
  const fory: Fory = clientFory();

  beforeAll(async () => {
    server = await NestFactory.createMicroservice(makeModule(events), {
      logger: false,
      inject: [FERRY_FORY],
      // The microservice shares FerryModule's instance (and its registered types).
      useFactory: (shared: Fory): TcpOptions => ({
        transport: Transport.TCP,
        options: {
          host: '127.0.0.1',
          port: 0,
          serializer: new FerrySerializer(shared, { encoding }),
          deserializer: new FerryDeserializer(shared),
          ...(socketClass ? { socketClass } : {}),
        },
      }),
    });
    await server.listen();
    const port = (server.unwrap<Server>().address() as AddressInfo).port;
    client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: {
        host: '127.0.0.1',
        port,
        serializer: new FerrySerializer(fory, { encoding }),
        deserializer: new FerryDeserializer(fory),
        ...(socketClass ? { socketClass } : {}),
      },
    });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  const call = <T>(pattern: unknown, data: unknown) => firstValueFrom(client.send<T>(pattern, data).pipe(timeout(10_000)));

  it('sends a registered struct and gets one back', async () => {
    const back = await call<PersonValue>({ cmd: 'birthday' }, typed(Person, { name: 'Ada', age: 36 }));
    expect((back as object).constructor.name).toBe('Person');
    expect({ ...back }).toEqual({ name: 'Ada', age: 37 });
    const made = await call<PersonValue>('make-person', 'Bob');
    expect((made as object).constructor.name).toBe('Person');
    expect({ ...made }).toEqual({ name: 'Bob', age: 1 });
  });

  it('streams several responses, without a spurious value at the end', async () => {
    const values = await lastValueFrom(client.send<number>('stream', 4).pipe(toArray(), timeout(10_000)));
    expect(values).toEqual([0, 10, 20, 30]);
    expect(await lastValueFrom(client.send('stream', 0).pipe(toArray(), timeout(10_000)))).toEqual([]);
  });

  it('keeps null responses', async () => {
    expect(await call('nothing', {})).toBeNull();
  });

  it('carries dense arrays in structs', async () => {
    const values = new Float64Array(100_000).map((_, i) => i);
    expect(await call('sum', typed(Samples, { label: 'big', values }))).toEqual({ label: 'big', count: 100_000, total: (99_999 * 100_000) / 2 });
  });

  it('delivers RpcException errors', async () => {
    await expect(call('fail', {})).rejects.toEqual({ status: 'error', message: 'nope', code: 42 });
  });

  it('fails one call, not the client, when a response cannot be decoded or encoded', async () => {
    await expect(call('secret', {})).rejects.toMatchObject({ status: 'error', code: 'TYPE_NOT_REGISTERED', message: expect.stringContaining('example.Secret') });
    await expect(call('unencodable', {})).rejects.toMatchObject({ status: 'error', message: expect.stringContaining('could not be encoded') });
    // The connection is still usable.
    expect(await call('nothing', {})).toBeNull();
  });

  it('answers patterns without a handler with Nest\'s usual error', async () => {
    await expect(call('no-such-pattern', {})).rejects.toMatch(/no matching message handler/);
  });

  it('emits events', async () => {
    const got = new Promise((resolve) => events.waiters.push(resolve));
    await lastValueFrom(client.emit('audit', { who: 'ada', tags: ['x'] }), { defaultValue: undefined });
    expect(await got).toEqual({ who: 'ada', tags: ['x'] });
  });
});
