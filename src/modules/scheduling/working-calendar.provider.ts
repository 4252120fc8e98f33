import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildWorkingCalendar, readYearAdjustments, WorkingCalendar } from './domain/working-calendar';

/** Vietnam's working calendar for a span of years, with the announcements loaded from workflows/calendar. */
@Injectable()
export class WorkingCalendarProvider {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forYears(from: number, to: number): Promise<WorkingCalendar> {
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
