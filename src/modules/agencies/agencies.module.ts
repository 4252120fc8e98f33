import { Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesQueries } from './agencies.queries';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({
  controllers: [AgenciesController, PeopleController],
  providers: [AgenciesQueries, PeopleService],
  exports: [AgenciesQueries, PeopleService],
})
export class AgenciesModule {}
