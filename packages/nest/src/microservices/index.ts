/**
 * @ferry/nest/microservices — Fory for Nest microservice transports.
 *
 *   const fory = new Fory({ maps: 'object' }).register(Person);
 *   { transport: Transport.TCP, options: { serializer: new FerrySerializer(fory),
 *       deserializer: new FerryDeserializer(fory), socketClass: FerryTcpSocket } }
 */
export { FerrySerializer, FerryDeserializer, type FerrySerializerOptions, type FerryDeserializerOptions } from './serializer.js';
export { FerryTcpSocket, type FerryTcpSocketOptions } from './tcp-socket.js';
