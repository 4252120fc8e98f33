import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../common/domain-error';
import { WorkingCalendarProvider } from './working-calendar.provider';

@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendars: WorkingCalendarProvider) {}

  @Get(':year')
  @ApiOperation({ summary: 'Lịch làm việc của một năm: ngày nghỉ lễ, nghỉ bù, ngày làm bù (không kể thứ Bảy, Chủ nhật thường)' })
  @ApiParam({ name: 'year', example: 2026 })
  async year(@Param('year', ParseIntPipe) year: number) {
    if (year < 1900 || year > 2199) throw new DomainError('VALIDATION_FAILED', `Năm ${year} nằm ngoài khoảng 1900–2199.`);
    const calendar = await this.calendars.forYears(year, year);
    const nonWorking = calendar.nonWorkingDays(year);
    return {
      year,
      workingDays: 365 + (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0) - nonWorking.length,
      nonWorkingDays: nonWorking.filter((d) => d.kind !== 'weekend'),
      makeUpWorkingDays: calendar.makeUpWorkingDays(year),
    };
  }
}
