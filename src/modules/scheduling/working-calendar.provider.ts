import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { buildWorkingCalendar, MAX_YEAR, MIN_YEAR, readYearAdjustments, WorkingCalendar } from './domain/working-calendar';
import { generationMessages as say } from './scheduling.messages';

/** Vietnam's working calendar for a span of years, with the announcements loaded from workflows/calendar. */
@Injectable()
export class WorkingCalendarProvider {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forYears(from: number, to: number): Promise<WorkingCalendar> {
    // A day a request names (a due date, "as of") can lie beyond the years the calendar knows.
    const outside = [from, to].find((year) => !(year >= MIN_YEAR && year <= MAX_YEAR));
    if (outside !== undefined) throw new DomainError('VALIDATION_FAILED', say.yearOutOfRange(outside));
    const rows: { adjustments: unknown }[] = await this.db.query(
      `SELECT adjustments FROM calendar_year WHERE year BETWEEN $1 AND $2 ORDER BY year`,
      [from, to],
    );
    // Stored rows were validated when loaded; a reading error here would be a bug, so it throws.
    const reading = readYearAdjustments({ adjustments: rows.map((r) => r.adjustments) });
    if (reading.errors.length) throw new Error(`calendar_year holds invalid data: ${reading.errors.join('; ')}`);
    return buildWorkingCalendar({ years: { from, to }, adjustments: reading.adjustments });
  }
}
