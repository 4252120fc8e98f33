import { Module } from '@nestjs/common';
import { DefinitionsService } from './definitions.service';
import { PlansController } from './plans.controller';
import { PlansQueries } from './plans.queries';

@Module({
  controllers: [PlansController],
  providers: [DefinitionsService, PlansQueries],
  exports: [DefinitionsService, PlansQueries],
})
export class DefinitionsModule {}
