import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readYearAdjustments, YearAdjustments } from '../../src/modules/scheduling/domain/working-calendar';

/** The yearly announcements shipped in workflows/calendar/viet-nam.yaml, for specs of the pure calendar code. */
export function shippedYearAdjustments(): YearAdjustments[] {
  const file = path.join(__dirname, '..', '..', 'workflows', 'calendar', 'viet-nam.yaml');
  const reading = readYearAdjustments(parse(readFileSync(file, 'utf8')));
  if (reading.errors.length) throw new Error(`${file}: ${reading.errors.join('; ')}`);
  return reading.adjustments;
}
