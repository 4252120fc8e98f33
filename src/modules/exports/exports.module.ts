import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { TasksModule } from '../tasks/tasks.module';
import { ExportsController } from './exports.controller';

@Module({
  imports: [TasksModule, PagesModule],
  controllers: [ExportsController],
})
export class ExportsModule {}
