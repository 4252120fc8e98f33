import { Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesQueries } from './agencies.queries';

@Module({
  controllers: [AgenciesController],
  providers: [AgenciesQueries],
  exports: [AgenciesQueries],
})
export class AgenciesModule {}
