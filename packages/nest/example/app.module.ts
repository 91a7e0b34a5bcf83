import { Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FerryBody, FerryModule, FerryResponse } from '@ferry/nest';
import { Person } from './people.js';

@Controller('people')
@FerryResponse() // negotiate every route of this controller (JSON stays the default)
export class PeopleController {
  @Get(':name')
  @FerryResponse(Person) // encode the result as example.Person
  get(@Param('name') name: string): Person {
    return { name, age: 42 };
  }

  @Post('birthday')
  @HttpCode(200)
  @FerryResponse(Person)
  birthday(@FerryBody(Person) person: Person): Person {
    // A Fory body arrives decoded (a JSON body works too); pipes see the decoded value.
    return { name: person.name, age: person.age + 1 };
  }
}

@Controller()
export class PeopleRpc {
  @MessagePattern('birthday')
  birthday(@Payload() person: Person): Person {
    person.age += 1; // decoded structs keep their type, so this goes back as example.Person
    return person;
  }
}

@Module({
  imports: [FerryModule.forRoot({ types: [Person], bodyLimit: 1024 * 1024 })],
  controllers: [PeopleController, PeopleRpc],
})
export class AppModule {}
