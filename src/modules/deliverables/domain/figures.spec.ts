import { boundsOf, figureTypeOf, MetricDefinition, parseFigures, parseVietnameseNumber, rollUp } from './figures';

// The metrics of rows III.10 and IV.4 of workflows/hp-bhxh-2030/appendix.yaml.
const participants: MetricDefinition = { code: 'participants', name: 'Số người tham gia', unit: 'người' };
const rate: MetricDefinition = { code: 'electronic_transaction_rate', name: 'Tỷ lệ hồ sơ giao dịch điện tử', unit: '%' };
const performers: MetricDefinition = { code: 'electronic_transaction_participants', name: 'Số lượng đơn vị, cá nhân thực hiện', unit: 'đơn vị, cá nhân' };
const budget: MetricDefinition = { code: 'budget', name: 'Kinh phí', unit: 'triệu đồng', type: 'decimal', max: 1000 };
const row = [rate, performers];

describe('figureTypeOf and boundsOf', () => {
  it.each<[MetricDefinition, string, number, number]>([
    [participants, 'integer', 0, Number.POSITIVE_INFINITY],
    [rate, 'percentage', 0, 100],
    [{ ...rate, unit: ' % ' }, 'percentage', 0, 100],
    [budget, 'decimal', 0, 1000],
    [{ code: 'x', name: 'x', unit: '%', type: 'decimal', min: -50 }, 'decimal', -50, Number.POSITIVE_INFINITY],
    [{ code: 'y', name: 'y', unit: '%', max: 150 }, 'percentage', 0, 100],
    [{ code: 'z', name: 'z', unit: '%', min: 80 }, 'percentage', 80, 100],
  ])('%j → %s [%d, %d]', (metric, type, min, max) => {
    expect(figureTypeOf(metric)).toBe(type);
    expect(boundsOf(metric)).toEqual({ min, max });
  });
});

describe('parseVietnameseNumber', () => {
  it.each<[string, { value: number; percent: boolean } | undefined]>([
    ['1.184.000', { value: 1184000, percent: false }],
    ['1 184 000', { value: 1184000, percent: false }],
    ['1\u00a0184\u00a0000', { value: 1184000, percent: false }],
    ['1184000', { value: 1184000, percent: false }],
    ['12,5', { value: 12.5, percent: false }],
    ['12,5%', { value: 12.5, percent: true }],
    [' 12,5 % ', { value: 12.5, percent: true }],
    ['1.234,75', { value: 1234.75, percent: false }],
    ['-3', { value: -3, percent: false }],
    ['-0', { value: 0, percent: false }],
    ['0,000', { value: 0, percent: false }],
    ['12.5', undefined], // a dot that does not group thousands: ambiguous
    ['1.1840.00', undefined],
    ['1,184,000', undefined],
    ['1.234 567', undefined],
    ['12,', undefined],
    [',5', undefined],
    ['abc', undefined],
    ['', undefined],
    ['%', undefined],
    ['1e6', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseVietnameseNumber(text)).toEqual(expected);
  });
});

describe('parseFigures', () => {
  it.each<[string, unknown, { code: string; value: number }[]]>([
    ['numbers in an object', { electronic_transaction_rate: 87.5, electronic_transaction_participants: 1184000 }, [
      { code: 'electronic_transaction_rate', value: 87.5 },
      { code: 'electronic_transaction_participants', value: 1184000 },
    ]],
    ['Vietnamese strings in a list', [
      { code: 'electronic_transaction_participants', value: '1.184.000' },
      { code: 'electronic_transaction_rate', value: '12,5%' },
    ], [
      { code: 'electronic_transaction_rate', value: 12.5 },
      { code: 'electronic_transaction_participants', value: 1184000 },
    ]],
    ['a percentage without its sign, and the bounds included', { electronic_transaction_rate: '100', electronic_transaction_participants: '0' }, [
      { code: 'electronic_transaction_rate', value: 100 },
      { code: 'electronic_transaction_participants', value: 0 },
    ]],
  ])('accepts %s, in the order of the definitions', (_label, input, values) => {
    expect(parseFigures(row, input)).toEqual({ ok: true, values });
  });

  it('accepts a decimal with a comma within its stated maximum', () => {
    expect(parseFigures([budget], { budget: '999,75' })).toEqual({ ok: true, values: [{ code: 'budget', value: 999.75 }] });
  });

  it('accepts an empty set of figures for a row that defines none', () => {
    expect(parseFigures([], {})).toEqual({ ok: true, values: [] });
  });

  it.each<[string, readonly MetricDefinition[], unknown, { code: string; message: string }[]]>([
    ['an unknown code', [participants], { participants: 5, extra: 1 }, [
      { code: 'extra', message: 'Chỉ tiêu "extra" không thuộc sản phẩm của nhiệm vụ này.' },
    ]],
    ['a missing metric', row, { electronic_transaction_rate: 50 }, [
      { code: 'electronic_transaction_participants', message: 'Chưa nhập số liệu "Số lượng đơn vị, cá nhân thực hiện".' },
    ]],
    ['a blank string as missing', [participants], { participants: '  ' }, [
      { code: 'participants', message: 'Chưa nhập số liệu "Số người tham gia".' },
    ]],
    ['a fraction for a count', [participants], { participants: '12,5' }, [
      { code: 'participants', message: 'Số liệu "Số người tham gia" phải là số nguyên.' },
    ]],
    ['a negative count', [participants], { participants: -1 }, [
      { code: 'participants', message: 'Số liệu "Số người tham gia" không được nhỏ hơn 0.' },
    ]],
    ['a percentage above 100', [rate], { electronic_transaction_rate: '100,1%' }, [
      { code: 'electronic_transaction_rate', message: 'Tỷ lệ "Tỷ lệ hồ sơ giao dịch điện tử" phải nằm trong khoảng 0–100%.' },
    ]],
    ['a negative percentage', [rate], { electronic_transaction_rate: -5 }, [
      { code: 'electronic_transaction_rate', message: 'Tỷ lệ "Tỷ lệ hồ sơ giao dịch điện tử" phải nằm trong khoảng 0–100%.' },
    ]],
    ['a percent sign on a count', [participants], { participants: '12%' }, [
      { code: 'participants', message: 'Số liệu "Số người tham gia" không phải là số hợp lệ (ví dụ: 1.184.000 hoặc 12,5).' },
    ]],
    ['an ambiguous dot', [rate], { electronic_transaction_rate: '12.5' }, [
      { code: 'electronic_transaction_rate', message: 'Số liệu "Tỷ lệ hồ sơ giao dịch điện tử" không phải là số hợp lệ (ví dụ: 1.184.000 hoặc 12,5).' },
    ]],
    ['a boolean', [participants], { participants: true }, [
      { code: 'participants', message: 'Số liệu "Số người tham gia" không phải là số hợp lệ (ví dụ: 1.184.000 hoặc 12,5).' },
    ]],
    ['infinity', [budget], { budget: Number.POSITIVE_INFINITY }, [
      { code: 'budget', message: 'Số liệu "Kinh phí" không phải là số hợp lệ (ví dụ: 1.184.000 hoặc 12,5).' },
    ]],
    ['a decimal above its maximum', [budget], { budget: '1.000,5' }, [
      { code: 'budget', message: 'Số liệu "Kinh phí" không được lớn hơn 1.000.' },
    ]],
    ['a count beyond safe integers', [participants], { participants: 2 ** 53 }, [
      { code: 'participants', message: 'Số liệu "Số người tham gia" phải là số nguyên.' },
    ]],
    ['the same code twice', [participants], [{ code: 'participants', value: 1 }, { code: 'participants', value: 2 }], [
      { code: 'participants', message: 'Chỉ tiêu "participants" được nhập nhiều lần.' },
    ]],
    ['every problem at once, unknown codes first', row, { nope: 1, electronic_transaction_rate: 'abc' }, [
      { code: 'nope', message: 'Chỉ tiêu "nope" không thuộc sản phẩm của nhiệm vụ này.' },
      { code: 'electronic_transaction_rate', message: 'Số liệu "Tỷ lệ hồ sơ giao dịch điện tử" không phải là số hợp lệ (ví dụ: 1.184.000 hoặc 12,5).' },
      { code: 'electronic_transaction_participants', message: 'Chưa nhập số liệu "Số lượng đơn vị, cá nhân thực hiện".' },
    ]],
  ])('refuses %s', (_label, metrics, input, errors) => {
    expect(parseFigures(metrics, input)).toEqual({ ok: false, errors });
  });

  it.each([null, 42, 'participants=5', [{ value: 5 }], [null]])('refuses input that is not a set of figures: %j', (input) => {
    expect(parseFigures([participants], input)).toEqual({
      ok: false,
      errors: [{ code: '', message: 'Số liệu phải được gửi dưới dạng danh sách mã chỉ tiêu và giá trị.' }],
    });
  });
});

describe('rollUp', () => {
  const reported = [
    { agency: 'so-tai-chinh', value: 90 },
    { agency: 'bhxh-thanh-pho', value: 75 },
    { agency: 'xa-an-phu', value: 60 },
  ];
  it.each<[string, { agency: string; value: number }[], 'integer' | 'decimal' | 'percentage', { sum: number | null; average: number | null; count: number }]>([
    ['percentages: average only', reported, 'percentage', { sum: null, average: 75, count: 3 }],
    ['counts: sum and average', reported, 'integer', { sum: 225, average: 75, count: 3 }],
    ['decimals', [{ agency: 'a', value: 1.5 }, { agency: 'b', value: 2 }], 'decimal', { sum: 3.5, average: 1.75, count: 2 }],
    ['nobody reported a count', [], 'integer', { sum: 0, average: null, count: 0 }],
    ['nobody reported a rate', [], 'percentage', { sum: null, average: null, count: 0 }],
  ])('%s', (_label, values, type, expected) => {
    expect(rollUp(values, type)).toEqual(expected);
  });
});
