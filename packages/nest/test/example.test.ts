/**
 * The README's example (packages/nest/example/*.ts, shown verbatim in the README) runs: the app
 * boots on Express and on Fastify with its TCP microservice, and the example clients talk to it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthdayOverHttp, birthdayOverTcp } from '../example/client.js';
import { bootstrap } from '../example/main.js';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('README example', () => {
  it('shows the example files verbatim', () => {
    const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
    for (const file of ['people.ts', 'app.module.ts', 'main.ts', 'client.ts']) {
      const source = readFileSync(join(pkgDir, 'example', file), 'utf8').trim();
      expect(readme.includes(source), `README.md must contain example/${file}`).toBe(true);
    }
  });

  describe.each(['express', 'fastify'] as const)('on %s', (adapter) => {
    let app: INestApplication;
    let url: string;
    let tcpPort: number;
    beforeAll(async () => {
      app = await bootstrap(adapter, 0, 0);
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const ms = (app as unknown as { getMicroservices(): Array<{ unwrap<T>(): T }> }).getMicroservices();
      tcpPort = (ms[0]!.unwrap<Server>().address() as AddressInfo).port;
    });
    afterAll(async () => {
      await app?.close();
    });

    it('answers JSON by default and Fory on request', async () => {
      expect(await (await fetch(`${url}/people/ada`)).json()).toEqual({ name: 'ada', age: 42 });
      const person = await birthdayOverHttp(url, { name: 'Ada', age: 36 });
      expect({ ...person }).toEqual({ name: 'Ada', age: 37 });
    });

    it('answers the microservice client over TCP', async () => {
      const person = await birthdayOverTcp(tcpPort, { name: 'Bob', age: 20 });
      expect((person as object).constructor.name).toBe('Person');
      expect({ ...person }).toEqual({ name: 'Bob', age: 21 });
    });
  });
});
