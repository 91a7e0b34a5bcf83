// The Nest app of the Nest benchmark, run in its own process (so the load generator does not share
// its thread): POST /echo returns its body — JSON, or Fory (the MediaContent struct) when the
// request says Content-Type/Accept: application/fory. Prints `PORT <n>` once listening.
//   node benchmarks/adapters/nest-server.mjs [express|fastify]
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { FerryModule, FerryResponse } from '@ferry/nest';
import { ferrySchemas } from '../codec/codecs.mjs';

const MediaContent = ferrySchemas.structs.MediaContent;

// Decorators applied as functions (this file is plain JavaScript).
class EchoController {
  echo(body) {
    return body;
  }
}
Reflect.defineMetadata('design:paramtypes', [Object], EchoController.prototype, 'echo');
Body()(EchoController.prototype, 'echo', 0);
const descriptor = Object.getOwnPropertyDescriptor(EchoController.prototype, 'echo');
for (const decorate of [Post('echo'), HttpCode(200), FerryResponse(MediaContent)]) decorate(EchoController.prototype, 'echo', descriptor);
Controller()(EchoController);

class AppModule {}
Module({
  imports: [FerryModule.forRoot({ types: [...ferrySchemas.enums, ...Object.values(ferrySchemas.structs)], fory: { compatible: false } })],
  controllers: [EchoController],
})(AppModule);

const adapter = process.argv[2] === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter, { logger: ['error'] });
await app.listen(0, '127.0.0.1');
const port = new URL((await app.getUrl()).replace('[::1]', '127.0.0.1')).port;
console.log(`PORT ${port}`);
// Exit with the parent: stdin closes when it goes away.
process.stdin.resume();
process.stdin.on('end', () => app.close().then(() => process.exit(0)));
