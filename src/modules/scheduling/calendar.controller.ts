import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../common/domain-error';
import { isLeapYear } from './domain/local-date';
import { generationMessages as say } from './scheduling.messages';
import { WorkingCalendarProvider } from './working-calendar.provider';

@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendars: WorkingCalendarProvider) {}

  @Get(':year')
  @ApiOperation({ summary: 'Lịch làm việc của một năm: ngày nghỉ lễ, nghỉ bù, ngày làm bù (không kể thứ Bảy, Chủ nhật thường)' })
  @ApiParam({ name: 'year', example: 2026 })
  async year(@Param('year', ParseIntPipe) year: number) {
    if (year < 1900 || year > 2199) throw new DomainError('VALIDATION_FAILED', say.yearOutOfRange(year));
    const calendar = await this.calendars.forYears(year, year);
    const nonWorking = calendar.nonWorkingDays(year);
    return {
      year,
      workingDays: (isLeapYear(year) ? 366 : 365) - nonWorking.length,
      nonWorkingDays: nonWorking.filter((d) => d.kind !== 'weekend'),
      makeUpWorkingDays: calendar.makeUpWorkingDays(year),
    };
  }
}
