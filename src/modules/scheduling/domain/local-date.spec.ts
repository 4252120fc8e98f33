import {
  addDays,
  compareLocalDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  eachDay,
  formatDayMonth,
  formatVietnamese,
  fromDayNumber,
  isAfter,
  isBefore,
  isLeapYear,
  isLocalDate,
  isWeekend,
  lastDayOfMonth,
  localDate,
  parseLocalDate,
  toDayNumber,
  toParts,
} from './local-date';

describe('local-date', () => {
  describe('parseLocalDate', () => {
    it.each([
      ['2026-02-17', '2026-02-17'],
      ['  2026-02-17 ', '2026-02-17'],
      ['2028-02-29', '2028-02-29'],
      ['2000-02-29', '2000-02-29'],
      ['0001-01-01', '0001-01-01'],
      ['9999-12-31', '9999-12-31'],
    ])('reads %j as %s', (text, expected) => {
      expect(parseLocalDate(text)).toBe(expected);
    });

    it.each([
      '2027-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '2026-2-17',
      '17/02/2026',
      '2026-02-17T00:00:00Z',
      '',
      'hôm nay',
    ])('rejects %j', (text) => {
      expect(parseLocalDate(text)).toBeUndefined();
    });
  });

  it.each([
    ['2026-02-17', true],
    [' 2026-02-17', false],
    ['2026-02-30', false],
    [20260217, false],
    [undefined, false],
  ])('isLocalDate(%j) is %s', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  it.each([
    [2026, 2, 17, '2026-02-17'],
    [5, 3, 9, '0005-03-09'],
    [2028, 2, 29, '2028-02-29'],
  ])('localDate(%i, %i, %i) is %s', (y, m, d, expected) => {
    expect(localDate(y, m, d)).toBe(expected);
  });

  it.each([
    [2027, 2, 29],
    [2026, 6, 31],
    [2026, 1, 1.5],
    [10000, 1, 1],
  ])('localDate(%i, %i, %i) throws', (y, m, d) => {
    expect(() => localDate(y, m, d)).toThrow(RangeError);
  });

  it('splits a date into parts and refuses garbage', () => {
    expect(toParts('2031-01-31')).toEqual({ year: 2031, month: 1, day: 31 });
    expect(() => toParts('2031-02-31')).toThrow(RangeError);
    expect(() => toParts('31/01/2031')).toThrow(RangeError);
  });

  it.each([
    [2024, true],
    [2025, false],
    [2026, false],
    [2028, true],
    [1900, false],
    [2000, true],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) is %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it.each([
    [2026, 1, 31],
    [2026, 2, 28],
    [2028, 2, 29],
    [2100, 2, 28],
    [2026, 4, 30],
    [2026, 6, 30],
    [2026, 9, 30],
    [2026, 11, 30],
    [2026, 12, 31],
  ])('daysInMonth(%i, %i) is %i', (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });

  it.each([
    [2026, 2, '2026-02-28'],
    [2028, 2, '2028-02-29'],
    [2024, 2, '2024-02-29'],
    [2026, 4, '2026-04-30'],
    [2025, 12, '2025-12-31'],
  ])('lastDayOfMonth(%i, %i) is %s', (year, month, expected) => {
    expect(lastDayOfMonth(year, month)).toBe(expected);
  });

  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-31', 30, '2026-03-02'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-02-17', 0, '2026-02-17'],
    ['0001-01-02', -1, '0001-01-01'],
    ['0099-12-31', 1, '0100-01-01'],
  ])('addDays(%s, %i) is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
    ['2026-02-17', '2026-02-14', -3],
    ['2026-02-14', '2026-02-14', 0],
  ])('daysBetween(%s, %s) is %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['0001-01-01', -719162],
  ])('toDayNumber(%s) is %i and back', (date, dayNumber) => {
    expect(toDayNumber(date)).toBe(dayNumber);
    expect(fromDayNumber(dayNumber)).toBe(date);
  });

  it.each([
    ['2026-02-17', '2026-02-18', -1],
    ['2026-02-17', '2026-02-17', 0],
    ['2027-01-01', '2026-12-31', 1],
  ])('compareLocalDates(%s, %s) is %i', (a, b, expected) => {
    expect(compareLocalDates(a, b)).toBe(expected);
  });

  it('isBefore / isAfter', () => {
    expect(isBefore('2025-12-31', '2026-01-01')).toBe(true);
    expect(isBefore('2026-01-01', '2026-01-01')).toBe(false);
    expect(isAfter('2026-01-02', '2026-01-01')).toBe(true);
    expect(isAfter('2026-01-01', '2026-01-01')).toBe(false);
  });

  it.each([
    ['1970-01-01', 4],
    ['2000-01-01', 6],
    ['2025-01-01', 3],
    ['2026-01-01', 4],
    ['2026-02-17', 2],
    ['2026-02-14', 6],
    ['2026-02-22', 0],
    ['2028-02-29', 2],
    ['2025-04-26', 6],
    ['2026-09-02', 3],
    ['0001-01-01', 1],
  ])('dayOfWeek(%s) is %i (0 = Sunday)', (date, expected) => {
    expect(dayOfWeek(date)).toBe(expected);
  });

  it.each([
    ['2026-02-14', true],
    ['2026-02-15', true],
    ['2026-02-16', false],
    ['2026-02-20', false],
  ])('isWeekend(%s) is %s', (date, expected) => {
    expect(isWeekend(date)).toBe(expected);
  });

  it.each([
    ['2026-06-30', '30/06/2026'],
    ['2031-01-31', '31/01/2031'],
    ['2026-01-05', '05/01/2026'],
  ])('formatVietnamese(%s) is %s', (date, expected) => {
    expect(formatVietnamese(date)).toBe(expected);
  });

  it('formatDayMonth pads day and month', () => {
    expect(formatDayMonth(25, 12)).toBe('25/12');
    expect(formatDayMonth(5, 1)).toBe('05/01');
  });

  describe('eachDay', () => {
    it('lists both ends across a leap-year month end', () => {
      expect(eachDay('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    });
    it('lists a single day', () => {
      expect(eachDay('2026-02-17', '2026-02-17')).toEqual(['2026-02-17']);
    });
    it('is empty when the range is reversed', () => {
      expect(eachDay('2026-02-18', '2026-02-17')).toEqual([]);
    });
    it('spans a year boundary', () => {
      expect(eachDay('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    });
    it('counts a whole leap year', () => {
      expect(eachDay('2028-01-01', '2028-12-31')).toHaveLength(366);
    });
  });
});
