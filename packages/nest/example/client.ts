import { Fory } from '@ferry/core';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { FerryDeserializer, FerrySerializer, FerryTcpSocket } from '@ferry/nest/microservices';
import { firstValueFrom } from 'rxjs';
import { Person } from './people.js';

const fory = new Fory({ maps: 'object' }).register(Person);

/** HTTP: post a Person as application/fory and ask for application/fory back. */
export async function birthdayOverHttp(baseUrl: string, person: Person): Promise<Person> {
  const res = await fetch(`${baseUrl}/people/birthday`, {
    method: 'POST',
    body: fory.serialize(person, Person) as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': 'application/fory', accept: 'application/fory' },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return fory.deserialize<Person>(new Uint8Array(await res.arrayBuffer()));
}

/** TCP: the same through a Nest ClientProxy. */
export async function birthdayOverTcp(port: number, person: Person): Promise<Person> {
  const client = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: {
      host: '127.0.0.1',
      port,
      serializer: new FerrySerializer(fory),
      deserializer: new FerryDeserializer(fory),
      socketClass: FerryTcpSocket,
    },
  });
  try {
    // Plain objects are written as maps; typed(Person, …) or a decoded struct is written as the struct.
    return await firstValueFrom(client.send<Person>('birthday', fory.deserialize(fory.serialize(person, Person))));
  } finally {
    await client.close();
  }
}
