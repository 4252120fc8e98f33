import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { TasksModule } from '../tasks/tasks.module';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds.service';
import { ExportsController } from './exports.controller';
import { ExportsQueries } from './exports.queries';

@Module({
  imports: [TasksModule, PagesModule],
  controllers: [ExportsController, CalendarFeedsController],
  providers: [CalendarFeedsService, ExportsQueries],
})
export class ExportsModule {}
