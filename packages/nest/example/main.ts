import type { Fory } from '@ferry/core';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type TcpOptions } from '@nestjs/microservices';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { FERRY_FORY } from '@ferry/nest';
import { FerryDeserializer, FerrySerializer, FerryTcpSocket } from '@ferry/nest/microservices';
import { AppModule } from './app.module.js';

export async function bootstrap(adapter: 'express' | 'fastify', httpPort = 3000, tcpPort = 4000): Promise<INestApplication> {
  // Nothing adapter-specific to configure: FerryModule installs the Fory body reader on either.
  const app = await NestFactory.create(AppModule, adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(), { logger: ['error', 'warn'] });
  // The same app also answers Nest microservice messages over TCP, sharing FerryModule's instance.
  app.connectMicroservice<TcpOptions>({
    inject: [FERRY_FORY],
    useFactory: (fory: Fory) => ({
      transport: Transport.TCP,
      options: {
        host: '127.0.0.1',
        port: tcpPort,
        serializer: new FerrySerializer(fory),
        deserializer: new FerryDeserializer(fory),
        socketClass: FerryTcpSocket,
      },
    }),
  } as TcpOptions);
  await app.startAllMicroservices();
  await app.listen(httpPort, '127.0.0.1');
  return app;
}
