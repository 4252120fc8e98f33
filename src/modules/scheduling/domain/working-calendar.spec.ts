import { shippedYearAdjustments } from '../../../../test/support/shipped-calendar';
import {
  buildWorkingCalendar,
  lunarNewYear,
  lunarToSolar,
  nationalDayAdjacentDay,
  parseHolidayScheduleCsv,
  readYearAdjustments,
  solarToLunar,
  statutoryHolidays,
  type YearAdjustments,
} from './working-calendar';

/** Verbatim copy of shared/reference/vn_holiday_schedule_2025_2026.csv. */
const REFERENCE_CSV = `date_from,date_to,occasion,total_days_off,verification,source,notes
2025-01-01,2025-01-01,Tết Dương lịch 2025,1,secondary_source,tet-amlich.com (Nov 2024 summary of the official plan),Wednesday
2025-01-25,2025-02-02,Tết Âm lịch Ất Tỵ 2025,9,secondary_source,"tet-amlich.com; pld.net.vn (VPCP Công văn 8726/VPCP-KGVX ngày 26/11/2024)",26 tháng Chạp Giáp Thìn – mùng 5 tháng Giêng Ất Tỵ
2025-04-05,2025-04-07,Giỗ Tổ Hùng Vương 2025,3,secondary_source,tet-amlich.com,10/3 âm lịch = Mon 7/4/2025; 3 days including the weekend
2025-04-30,2025-05-04,30/4 và 1/5 năm 2025,5,secondary_source,tet-amlich.com,Swap: Fri 2/5/2025 off; make-up work on Sat 26/4/2025
2025-08-30,2025-09-02,Quốc khánh 2025,4,secondary_source,tet-amlich.com,Sat 30/8 – Tue 2/9/2025
2026-01-01,2026-01-04,Tết Dương lịch 2026,4,secondary_source,"tracuuquyhoach.com: VPCP letter of 25/12/2025 (Phó Thủ tướng Phạm Thị Thanh Trà) approving the Bộ Nội vụ proposal",Thu 1/1 – Sun 4/1/2026; implies a swapped working day for Fri 2/1 (make-up day not verified)
2026-02-14,2026-02-22,Tết Âm lịch Bính Ngọ 2026,9,secondary_source,"tienphong.vn 13/10/2025; congan.com.vn",27 tháng Chạp Ất Tỵ – mùng 6 tháng Giêng Bính Ngọ; 5 Tết days + 4 weekend days
2026-04-26,2026-04-27,Giỗ Tổ Hùng Vương 2026,2,derived_by_rule,"BLLĐ 2019 Điều 111 khoản 3 (nghỉ bù)",10/3 âm lịch = Sun 26/4/2026 → compensatory day Mon 27/4 for Mon–Fri workers (the weekend day Sat 25/4 is not counted here); official notice not checked
2026-04-30,2026-05-03,30/4 và 1/5 năm 2026,4,derived_by_rule,calendar,Thu 30/4 + Fri 1/5 + weekend; official notice not checked
2026-08-29,2026-09-02,Quốc khánh 2026,5,secondary_source,tienphong.vn 13/10/2025 (Thủ tướng đồng ý phương án),Sat 29/8 – Wed 2/9/2026; which weekday is swapped (Mon 31/8?) and the make-up Saturday are not verified
`;

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [1985, '1985-01-21'], // Vietnam; China (UTC+8) had 1985-02-20
    [2007, '2007-02-17'], // Vietnam; China had 2007-02-18
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    // The new moon is on 2030-02-02 at about 16:09 UT: 23:09 in Hà Nội, 00:09 on 3/2 in Beijing.
    // Vietnam's Tết Canh Tuất is therefore 02/02/2030, a day before China's 03/02/2030.
    [2030, '2030-02-02'],
    [2031, '2031-01-23'],
  ])('Tết %i is %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
  });

  it.each([
    [1985, '1985-02-20'],
    [2007, '2007-02-18'],
    [2030, '2030-02-03'],
    [2026, '2026-02-17'],
  ])('on the UTC+8 meridian (Chinese calendar) the lunar year %i starts on %s', (year, date) => {
    expect(lunarNewYear(year, 8)).toBe(date);
  });

  it.each([
    [2020, '2020-04-02'],
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Giỗ Tổ Hùng Vương (10/3 âm lịch) %i is %s', (year, date) => {
    expect(lunarToSolar({ day: 10, month: 3, year })).toBe(date);
  });

  it.each([
    ['2025-01-25', { day: 26, month: 12, year: 2024, leap: false }], // csv: 26 tháng Chạp Giáp Thìn
    ['2025-02-02', { day: 5, month: 1, year: 2025, leap: false }], // csv: mùng 5 tháng Giêng Ất Tỵ
    ['2025-01-28', { day: 29, month: 12, year: 2024, leap: false }], // last day of Giáp Thìn
    ['2026-02-14', { day: 27, month: 12, year: 2025, leap: false }], // csv: 27 tháng Chạp Ất Tỵ
    ['2026-02-16', { day: 29, month: 12, year: 2025, leap: false }], // last day of Ất Tỵ
    ['2026-02-22', { day: 6, month: 1, year: 2026, leap: false }], // csv: mùng 6 tháng Giêng Bính Ngọ
    ['2025-06-25', { day: 1, month: 6, year: 2025, leap: false }],
    ['2025-07-25', { day: 1, month: 6, year: 2025, leap: true }], // Ất Tỵ has a leap 6th month
  ])('solarToLunar(%s)', (date, lunar) => {
    expect(solarToLunar(date)).toEqual(lunar);
  });

  it.each([
    [{ day: 1, month: 6, year: 2025, leap: true }, '2025-07-25'],
    [{ day: 1, month: 6, year: 2025, leap: false }, '2025-06-25'],
    [{ day: 1, month: 5, year: 2025, leap: true }, undefined],
    [{ day: 1, month: 1, year: 2026, leap: true }, undefined],
    [{ day: 30, month: 12, year: 2025 }, undefined], // Ất Tỵ's last month has 29 days
    [{ day: 0, month: 1, year: 2026 }, undefined],
    [{ day: 1, month: 13, year: 2026 }, undefined],
  ])('lunarToSolar(%j) is %s', (lunar, date) => {
    expect(lunarToSolar(lunar)).toBe(date);
  });
});

describe('statutoryHolidays', () => {
  it('2026: Tết is 29 Chạp + mùng 1–4, Hùng Kings on Sunday 26/4, 2/9 with 1/9, 24/11 pending', () => {
    expect(statutoryHolidays(2026).map((h) => [h.date, h.holiday, h.dayOff])).toEqual([
      ['2026-01-01', 'new-year', true],
      ['2026-02-16', 'lunar-new-year', true],
      ['2026-02-17', 'lunar-new-year', true],
      ['2026-02-18', 'lunar-new-year', true],
      ['2026-02-19', 'lunar-new-year', true],
      ['2026-02-20', 'lunar-new-year', true],
      ['2026-04-26', 'hung-kings', true],
      ['2026-04-30', 'reunification', true],
      ['2026-05-01', 'labour-day', true],
      ['2026-09-01', 'national-day', true],
      ['2026-09-02', 'national-day', true],
      ['2026-11-24', 'vietnam-culture-day', false],
    ]);
  });

  it('2025', () => {
    expect(statutoryHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
      '2025-11-24',
    ]);
  });

  it('names the days in Vietnamese and marks 24/11 pending', () => {
    const byHoliday = new Map(statutoryHolidays(2026).map((h) => [h.holiday, h]));
    expect(byHoliday.get('new-year')?.name).toBe('Tết Dương lịch');
    expect(byHoliday.get('lunar-new-year')?.name).toBe('Tết Nguyên đán');
    expect(byHoliday.get('hung-kings')?.name).toBe('Giỗ Tổ Hùng Vương');
    expect(byHoliday.get('reunification')?.name).toBe('Ngày Chiến thắng');
    expect(byHoliday.get('labour-day')?.name).toBe('Ngày Quốc tế lao động');
    expect(byHoliday.get('national-day')?.name).toBe('Quốc khánh');
    expect(byHoliday.get('vietnam-culture-day')).toEqual({
      date: '2026-11-24',
      holiday: 'vietnam-culture-day',
      name: 'Ngày Văn hóa Việt Nam',
      status: 'pending',
      dayOff: false,
    });
  });

  it.each([
    [2021, '2021-09-03'], // 2/9 Thursday
    [2022, '2022-09-01'], // Friday
    [2023, '2023-09-01'], // Saturday
    [2024, '2024-09-03'], // Monday (1/9 is a Sunday)
    [2025, '2025-09-01'], // Tuesday
    [2026, '2026-09-01'], // Wednesday, as announced
    [2027, '2027-09-03'], // Thursday
    [2029, '2029-09-03'], // Sunday (1/9 is a Saturday)
  ])('the day next to Quốc khánh %i is %s', (year, date) => {
    expect(nationalDayAdjacentDay(year)).toBe(date);
  });

  it('refuses years outside 1900–2199', () => {
    expect(() => statutoryHolidays(1899)).toThrow(RangeError);
    expect(() => statutoryHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('working calendar with the announced 2025–2026 adjustments', () => {
  const calendar = buildWorkingCalendar({ years: { from: 2025, to: 2031 }, adjustments: shippedYearAdjustments() });

  it.each([
    // Tết Bính Ngọ 2026: 14–22/02 off
    ['2026-02-13', true],
    ['2026-02-14', false],
    ['2026-02-16', false],
    ['2026-02-17', false],
    ['2026-02-20', false],
    ['2026-02-22', false],
    ['2026-02-23', true],
    // Tết Ất Tỵ 2025: 25/01–02/02; Monday 27/01 is an announced day, not a statutory one
    ['2025-01-24', true],
    ['2025-01-27', false],
    ['2025-02-03', true],
    // 30/4–1/5 2025: Friday 2/5 swapped for Saturday 26/4
    ['2025-04-26', true],
    ['2025-04-27', false],
    ['2025-04-29', true],
    ['2025-04-30', false],
    ['2025-05-01', false],
    ['2025-05-02', false],
    ['2025-05-05', true],
    // Quốc khánh 2026: Sat 29/8 – Wed 2/9
    ['2026-08-28', true],
    ['2026-08-31', false],
    ['2026-09-01', false],
    ['2026-09-02', false],
    ['2026-09-03', true],
    // Tết Dương lịch 2026: Thu 1/1 – Sun 4/1
    ['2026-01-02', false],
    ['2026-01-05', true],
    // Giỗ Tổ 2026 on a Sunday: Monday 27/4 off
    ['2026-04-27', false],
    ['2026-04-28', true],
    // 24/11 is not (yet) a day off
    ['2026-11-24', true],
    // 2027, no announcement: Tết eve Fri 5/2, mùng 1–2 on the weekend → nghỉ bù Wed 10/2 and Thu 11/2
    ['2027-02-04', true],
    ['2027-02-05', false],
    ['2027-02-08', false],
    ['2027-02-09', false],
    ['2027-02-10', false],
    ['2027-02-11', false],
    ['2027-02-12', true],
    // 1/5/2027 is a Saturday → Monday 3/5 off
    ['2027-05-03', false],
    ['2027-05-04', true],
    // 2028: 1/1 Saturday → Monday 3/1; 30/4 Sunday and 1/5 Monday → Tuesday 2/5; 2/9 Saturday with 1/9 → Monday 4/9
    ['2028-01-03', false],
    ['2028-01-04', true],
    ['2028-05-01', false],
    ['2028-05-02', false],
    ['2028-05-03', true],
    ['2028-09-01', false],
    ['2028-09-04', false],
    ['2028-09-05', true],
    // 2029: 2/9 Sunday with 3/9 Monday → Tuesday 4/9
    ['2029-09-03', false],
    ['2029-09-04', false],
    ['2029-09-05', true],
    // leap day
    ['2028-02-29', true],
  ])('isWorkingDay(%s) is %s', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-02-14', '2026-02-23'],
    ['2026-02-13', '2026-02-13'],
    ['2025-04-26', '2025-04-26'],
    ['2025-04-30', '2025-05-05'],
    ['2026-08-29', '2026-09-03'],
    ['2027-02-05', '2027-02-12'],
    ['2025-12-31', '2025-12-31'],
  ])('nextWorkingDay(%s) is %s', (date, expected) => {
    expect(calendar.nextWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-02-22', '2026-02-13'],
    ['2026-02-23', '2026-02-23'],
    ['2025-05-04', '2025-04-29'],
    ['2026-01-04', '2025-12-31'],
    ['2026-09-02', '2026-08-28'],
    ['2025-04-27', '2025-04-26'],
  ])('previousWorkingDay(%s) is %s', (date, expected) => {
    expect(calendar.previousWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-02-13', 1, '2026-02-23'],
    ['2026-02-12', 2, '2026-02-23'],
    ['2026-02-23', -1, '2026-02-13'],
    ['2026-02-27', -10, '2026-02-06'],
    ['2026-02-13', 0, '2026-02-13'],
    ['2026-02-14', 0, '2026-02-23'],
    ['2026-02-14', 1, '2026-02-23'],
    ['2026-02-14', -1, '2026-02-13'],
    ['2025-01-24', 1, '2025-02-03'],
    ['2025-12-31', 1, '2026-01-05'],
    ['2025-12-30', 3, '2026-01-06'],
    ['2026-01-05', -1, '2025-12-31'],
    ['2026-12-31', 1, '2027-01-04'],
    ['2025-04-25', 1, '2025-04-26'],
    ['2025-04-29', 1, '2025-05-05'],
    ['2025-05-05', -2, '2025-04-28'],
    ['2027-02-04', 1, '2027-02-12'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-25', 2, '2028-02-29'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
  ])('addWorkingDays(%s, %i) is %s', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-02-13', '2026-02-23', 1],
    ['2026-02-23', '2026-02-13', -1],
    ['2026-02-13', '2026-02-13', 0],
    ['2026-02-01', '2026-02-28', 15],
    ['2025-12-31', '2026-01-05', 1],
    ['2026-12-31', '2027-12-31', 250],
    ['2028-02-28', '2028-03-01', 2],
  ])('workingDaysBetween(%s, %s) is %i', (a, b, expected) => {
    expect(calendar.workingDaysBetween(a, b)).toBe(expected);
  });

  it('round-trips addWorkingDays and workingDaysBetween', () => {
    const start = '2025-12-31';
    for (const n of [1, 5, 20, 37, -3]) {
      const end = calendar.addWorkingDays(start, n);
      expect(calendar.workingDaysBetween(start, end)).toBe(n);
    }
  });

  it.each([
    [2025, 115], // 261 weekdays − 12 days off + 1 make-up Saturday = 250 working days
    [2026, 117], // 261 weekdays − 13 days off = 248 working days
    [2027, 115], // 261 weekdays − 11 days off = 250 working days
  ])('nonWorkingDays(%i) has %i days', (year, count) => {
    expect(calendar.nonWorkingDays(year)).toHaveLength(count);
  });

  it.each([
    ['2026-02-14', { kind: 'announced-day-off', reason: 'Tết Nguyên đán', holiday: 'lunar-new-year', verification: 'secondary_source' }],
    ['2026-02-17', { kind: 'public-holiday', reason: 'Tết Nguyên đán', holiday: 'lunar-new-year' }],
    ['2026-01-01', { kind: 'public-holiday', reason: 'Tết Dương lịch', holiday: 'new-year' }],
    ['2026-04-26', { kind: 'public-holiday', reason: 'Giỗ Tổ Hùng Vương', holiday: 'hung-kings' }],
    ['2026-04-27', { kind: 'announced-day-off', reason: 'Giỗ Tổ Hùng Vương', holiday: 'hung-kings', verification: 'derived_by_rule' }],
    ['2026-04-30', { kind: 'public-holiday', reason: 'Ngày Chiến thắng', holiday: 'reunification' }],
    ['2026-05-01', { kind: 'public-holiday', reason: 'Ngày Quốc tế lao động', holiday: 'labour-day' }],
    ['2026-08-31', { kind: 'announced-day-off', reason: 'Quốc khánh', holiday: 'national-day', verification: 'secondary_source' }],
    ['2026-09-02', { kind: 'public-holiday', reason: 'Quốc khánh', holiday: 'national-day' }],
    ['2026-03-07', { kind: 'weekend', reason: 'Thứ Bảy' }],
    ['2026-03-08', { kind: 'weekend', reason: 'Chủ nhật' }],
    ['2027-02-10', { kind: 'compensatory-day-off', reason: 'Nghỉ bù Tết Nguyên đán', holiday: 'lunar-new-year' }],
    ['2027-05-03', { kind: 'compensatory-day-off', reason: 'Nghỉ bù Ngày Quốc tế lao động', holiday: 'labour-day' }],
    ['2028-01-03', { kind: 'compensatory-day-off', reason: 'Nghỉ bù Tết Dương lịch', holiday: 'new-year' }],
    ['2028-05-02', { kind: 'compensatory-day-off', reason: 'Nghỉ bù Ngày Chiến thắng', holiday: 'reunification' }],
  ])('nonWorkingDays lists %s with its reason', (date, expected) => {
    const year = Number(date.slice(0, 4));
    expect(calendar.nonWorkingDays(year).find((d) => d.date === date)).toEqual({ date, ...expected });
  });

  it('lists the make-up Saturday of 2025 and none in 2026', () => {
    expect(calendar.makeUpWorkingDays(2025)).toEqual([
      { date: '2025-04-26', reason: 'Làm bù', replaces: '2025-05-02', verification: 'secondary_source', source: 'tet-amlich.com' },
    ]);
    expect(calendar.makeUpWorkingDays(2026)).toEqual([]);
  });

  it('refuses dates outside its years', () => {
    expect(() => calendar.isWorkingDay('2024-12-31')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2031-12-31', 1)).toThrow(RangeError);
    expect(() => calendar.nonWorkingDays(2032)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-02-13', 1.5)).toThrow(RangeError);
  });
});

describe('working calendar without announcements (statutory rule only)', () => {
  const calendar = buildWorkingCalendar({ years: { from: 2026, to: 2026 } });

  it.each([
    ['2026-01-02', true], // no announced swap
    ['2026-02-13', true],
    ['2026-02-14', false], // an ordinary Saturday
    ['2026-02-16', false],
    ['2026-02-20', false],
    ['2026-02-23', true],
    ['2026-04-27', false], // nghỉ bù for Giỗ Tổ on Sunday 26/4 — same as the csv's derived row
    ['2026-08-31', true],
    ['2026-09-01', false],
  ])('isWorkingDay(%s) is %s', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('gives the compensatory day its reason', () => {
    expect(calendar.nonWorkingDays(2026).find((d) => d.date === '2026-04-27')).toEqual({
      date: '2026-04-27',
      kind: 'compensatory-day-off',
      reason: 'Nghỉ bù Giỗ Tổ Hùng Vương',
      holiday: 'hung-kings',
    });
  });
});

describe('an announcement covers only the holidays it names', () => {
  const tetOnly: YearAdjustments[] = [
    {
      year: 2027,
      daysOff: [
        {
          from: '2027-02-05',
          to: '2027-02-10',
          holidays: ['lunar-new-year'],
          occasion: 'Tết Đinh Mùi 2027 (example)',
          totalDaysOff: 6,
          verification: 'official',
          source: 'test',
          notes: '',
        },
      ],
      makeUpWorkingDays: [],
    },
  ];
  const calendar = buildWorkingCalendar({ years: { from: 2027, to: 2027 }, adjustments: tetOnly });

  it.each([
    ['2027-02-10', false], // in the announced block
    ['2027-02-11', true], // no automatic nghỉ bù for Tết once it is announced
    ['2027-05-03', false], // 1/5 on Saturday: not announced, so the rule still applies
  ])('isWorkingDay(%s) is %s', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });
});

describe('buildWorkingCalendar input', () => {
  it.each([
    [{ from: 2027, to: 2026 }],
    [{ from: 1800, to: 2026 }],
    [{ from: 2026, to: 2300 }],
    [{ from: 2026.5, to: 2027 }],
  ])('refuses years %j', (years) => {
    expect(() => buildWorkingCalendar({ years })).toThrow(RangeError);
  });
});

describe('holiday adjustments data', () => {
  it('the shipped JSON is valid and holds both years', () => {
    const adjustments = shippedYearAdjustments();
    expect(adjustments.map((a) => [a.year, a.daysOff.length, a.makeUpWorkingDays.length])).toEqual([
      [2025, 5, 1],
      [2026, 5, 0],
    ]);
  });

  it('keeps each row’s verification mark and source', () => {
    const blocks = shippedYearAdjustments().flatMap((a) => a.daysOff);
    expect(blocks.map((b) => [b.from, b.verification])).toEqual([
      ['2025-01-01', 'secondary_source'],
      ['2025-01-25', 'secondary_source'],
      ['2025-04-05', 'secondary_source'],
      ['2025-04-30', 'secondary_source'],
      ['2025-08-30', 'secondary_source'],
      ['2026-01-01', 'secondary_source'],
      ['2026-02-14', 'secondary_source'],
      ['2026-04-26', 'derived_by_rule'],
      ['2026-04-30', 'derived_by_rule'],
      ['2026-08-29', 'secondary_source'],
    ]);
    expect(blocks.every((b) => b.source.length > 0)).toBe(true);
  });

  it('parsing the reference CSV gives exactly the hand-converted JSON', () => {
    const reading = parseHolidayScheduleCsv(REFERENCE_CSV);
    expect(reading.errors).toEqual([]);
    expect(reading.adjustments).toEqual(shippedYearAdjustments());
  });

  it('reads CRLF line ends and a byte-order mark', () => {
    const reading = parseHolidayScheduleCsv(`\uFEFF${REFERENCE_CSV.replace(/\n/g, '\r\n')}`);
    expect(reading.errors).toEqual([]);
    expect(reading.adjustments).toEqual(shippedYearAdjustments());
  });

  it('recognises the holidays from the occasion and a Vietnamese make-up note', () => {
    const csv = [
      'date_from,date_to,occasion,total_days_off,verification,source,notes',
      '2027-04-30,2027-05-03,30/4 và 1/5 năm 2027,4,official,"Thông báo, ví dụ",Nghỉ thứ Hai 3/5; làm bù thứ Bảy 8/5/2027',
    ].join('\n');
    expect(parseHolidayScheduleCsv(csv)).toEqual({
      adjustments: [
        {
          year: 2027,
          daysOff: [
            {
              from: '2027-04-30',
              to: '2027-05-03',
              holidays: ['reunification', 'labour-day'],
              occasion: '30/4 và 1/5 năm 2027',
              totalDaysOff: 4,
              verification: 'official',
              source: 'Thông báo, ví dụ',
              notes: 'Nghỉ thứ Hai 3/5; làm bù thứ Bảy 8/5/2027',
            },
          ],
          makeUpWorkingDays: [
            {
              date: '2027-05-08',
              verification: 'official',
              source: 'Thông báo, ví dụ',
              notes: 'Nghỉ thứ Hai 3/5; làm bù thứ Bảy 8/5/2027',
            },
          ],
        },
      ],
      errors: [],
    });
  });

  const HEADER = 'date_from,date_to,occasion,total_days_off,verification,source,notes';
  it.each([
    ['a missing column', 'date_from,date_to,occasion,total_days_off,verification,source', ['dòng 1: thiếu cột: notes']],
    [
      'an extra column',
      `${HEADER},make_up\n`,
      ['dòng 1: cột không được hỗ trợ: make_up'],
    ],
    [
      'a bad date',
      `${HEADER}\n2026-02-30,2026-03-01,Tết,1,official,x,`,
      ['dòng 2: cột date_from: "2026-02-30" không phải ngày dạng YYYY-MM-DD'],
    ],
    [
      'a wrong total',
      `${HEADER}\n2026-02-14,2026-02-22,Tết Âm lịch 2026,5,official,x,`,
      ['dòng 2: total_days_off ghi 5 ngày nhưng từ date_from đến date_to có 9 ngày'],
    ],
    [
      'a reversed range',
      `${HEADER}\n2026-02-22,2026-02-14,Tết Âm lịch 2026,9,official,x,`,
      ['dòng 2: date_to trước date_from'],
    ],
    [
      'an unknown verification mark',
      `${HEADER}\n2026-01-01,2026-01-01,Tết Dương lịch 2026,1,rumour,x,`,
      ['dòng 2: verification: "rumour" không được hỗ trợ'],
    ],
    [
      'a make-up day on a weekday',
      `${HEADER}\n2026-01-01,2026-01-01,Tết Dương lịch 2026,1,official,x,make-up work on Fri 9/1/2026`,
      ['dòng 2: ngày làm bù 2026-01-09 không phải Thứ Bảy hoặc Chủ nhật'],
    ],
    [
      'a wrong number of fields',
      `${HEADER}\n2026-01-01,2026-01-01,Tết Dương lịch 2026,1,official`,
      ['dòng 2: dòng có 5 trường, cần 7'],
    ],
    ['an unclosed quote', `${HEADER}\n2026-01-01,2026-01-01,"Tết,1,official,x,`, ['dòng 2: dấu ngoặc kép chưa đóng']],
  ])('reports %s with its line', (_what, csv, errors) => {
    const reading = parseHolidayScheduleCsv(csv);
    expect(reading.errors).toEqual(errors);
    expect(reading.adjustments).toEqual([]);
  });

  it('validates plain data with the path of each problem', () => {
    expect(readYearAdjustments({ adjustments: 'none' }).errors).toEqual(['adjustments: phải là một danh sách']);
    const reading = readYearAdjustments({
      adjustments: [
        {
          year: 2027,
          daysOff: [{ from: '2027-02-05', to: '2027-02-10', holidays: ['tet'], occasion: 'x', totalDaysOff: 6, verification: 'official', source: 's', notes: '' }],
          makeUpWorkingDays: [{ date: '2027-02-22', verification: 'official', source: 's', notes: '' }],
        },
      ],
    });
    expect(reading.errors).toEqual([
      'adjustments[0].daysOff[0]: holidays: phải là danh sách mã trong new-year, lunar-new-year, hung-kings, reunification, labour-day, national-day, vietnam-culture-day',
      'adjustments[0].makeUpWorkingDays[0]: ngày làm bù 2027-02-22 không phải Thứ Bảy hoặc Chủ nhật',
    ]);
    expect(reading.adjustments).toEqual([{ year: 2027, daysOff: [], makeUpWorkingDays: [] }]);
  });
});
