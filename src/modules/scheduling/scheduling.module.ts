import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { GenerationService } from './generation.service';
import { WorkingCalendarProvider } from './working-calendar.provider';

@Module({
  controllers: [CalendarController],
  providers: [GenerationService, WorkingCalendarProvider],
  exports: [GenerationService, WorkingCalendarProvider],
})
export class SchedulingModule {}
