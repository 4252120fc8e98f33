import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { InstancesController } from './instances.controller';
import { InstancesQueries } from './instances.queries';
import { TasksService } from './tasks.service';

@Module({
  imports: [SchedulingModule, AuditModule],
  controllers: [InstancesController],
  providers: [InstancesQueries, TasksService],
  exports: [InstancesQueries, TasksService],
})
export class TasksModule {}
