import { fixedClock, vietnamDate } from './clock';

describe('vietnamDate', () => {
  it.each([
    ['2026-12-24T16:59:59.999Z', '2026-12-24'],
    ['2026-12-24T17:00:00.000Z', '2026-12-25'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
    ['2028-02-28T18:30:00.000Z', '2028-02-29'],
    ['2026-01-01T00:00:00.000+07:00', '2026-01-01'],
  ])('%s is %s in Hải Phòng', (instant, day) => {
    expect(vietnamDate(new Date(instant))).toBe(day);
  });

  it('a fixed clock always answers the same instant, as a new object', () => {
    const clock = fixedClock('2026-05-01T01:00:00Z');
    const a = clock.now();
    a.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-05-01T01:00:00.000Z');
  });
});
