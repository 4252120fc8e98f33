import { dueStateLabel, formatMailDate, formatMailDateTime, isOverdue, ordinal, roleLabel } from './mail-format';

describe('mail-format', () => {
  describe('formatMailDate', () => {
    it.each([
      ['2026-12-24', '24/12/2026'],
      ['2026-01-05', '05/01/2026'],
      ['2028-02-29', '29/02/2028'],
      // Instants: the day in Asia/Ho_Chi_Minh (UTC+7).
      ['2026-12-24T17:30:00Z', '25/12/2026'],
      ['2026-12-24T16:59:59Z', '24/12/2026'],
      ['2026-12-24T17:00:00.000Z', '25/12/2026'],
      ['2026-12-31T17:00:00Z', '01/01/2027'],
      ['2026-12-25T00:30:00+07:00', '25/12/2026'],
    ])('%s → %s', (value, expected) => {
      expect(formatMailDate(value)).toBe(expected);
    });

    it('formats a Date as its day in Vietnam', () => {
      expect(formatMailDate(new Date('2026-12-24T17:30:00Z'))).toBe('25/12/2026');
    });

    it.each([undefined, null, '', '2026-02-30', '24/12/2026', '2026-12-24T09:05', 'hôm nay', 20261224, new Date('x')])(
      'refuses %p',
      (value) => {
        expect(() => formatMailDate(value)).toThrow(TypeError);
      },
    );
  });

  describe('formatMailDateTime', () => {
    it.each([
      ['2026-12-24T02:05:00Z', '24/12/2026 09:05'],
      ['2026-12-24T17:30:00Z', '25/12/2026 00:30'],
      ['2026-12-24T16:59:00Z', '24/12/2026 23:59'],
      ['2026-12-24T09:05:00+07:00', '24/12/2026 09:05'],
    ])('%s → %s', (value, expected) => {
      expect(formatMailDateTime(value)).toBe(expected);
    });

    it('formats a Date', () => {
      expect(formatMailDateTime(new Date('2026-12-24T02:05:00Z'))).toBe('24/12/2026 09:05');
    });

    it.each([undefined, '2026-12-24', '2026-12-24T09:05', 'x'])('refuses %p (no instant with a zone)', (value) => {
      expect(() => formatMailDateTime(value)).toThrow(TypeError);
    });
  });

  it.each([
    ['lead', 'Chủ trì'],
    ['support', 'Phối hợp'],
  ])('roleLabel(%s) is %s', (role, label) => {
    expect(roleLabel(role)).toBe(label);
  });

  it.each([undefined, 'Lead', 'chu_tri'])('roleLabel refuses %p', (role) => {
    expect(() => roleLabel(role)).toThrow(TypeError);
  });

  it.each([
    ['upcoming', 4, 0, 'còn 4 ngày làm việc'],
    ['upcoming', 1, 0, 'còn 1 ngày làm việc'],
    ['due-today', 0, 0, 'đến hạn hôm nay'],
    ['late', 0, 3, 'quá hạn 3 ngày làm việc'],
  ])('dueStateLabel(%s, %d, %d) is %s', (state, daysLeft, daysLate, label) => {
    expect(dueStateLabel(state, daysLeft, daysLate)).toBe(label);
  });

  it.each([
    ['upcoming', 0, 0],
    ['upcoming', undefined, 0],
    ['late', 0, 0],
    ['late', 0, 2.5],
    ['overdue', 0, 3],
  ])('dueStateLabel refuses (%p, %p, %p)', (state, daysLeft, daysLate) => {
    expect(() => dueStateLabel(state, daysLeft, daysLate)).toThrow(TypeError);
  });

  it('isOverdue is true from one working day late, and refuses a missing count', () => {
    expect(isOverdue(0)).toBe(false);
    expect(isOverdue(1)).toBe(true);
    expect(isOverdue(3)).toBe(true);
    for (const bad of [undefined, null, -1, 1.5, '3']) expect(() => isOverdue(bad)).toThrow(TypeError);
  });

  it('ordinal counts from 1', () => {
    expect(ordinal(0)).toBe(1);
    expect(ordinal(9)).toBe(10);
    expect(() => ordinal(undefined)).toThrow(TypeError);
  });
});
