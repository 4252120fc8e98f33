import {
  formatAllocationError,
  normalizeHeader,
  readAllocationTable,
  sumAllocations,
  type Allocation,
  type AllocationError,
  type AllocationSum,
  type KnownCodes,
} from './allocation-file';
import { allocationMessages, formatNumberVi } from './indicator.messages';

// Agencies and communes of Hải Phòng (codes as in the directory), the plan's two indicators.
const known: KnownCodes = {
  agencyCodes: new Set(['BHXH', 'SXD', '11311', '11314']),
  indicators: new Set(['participants_total', 'participants_voluntary']),
  years: { from: 2026, to: 2030 },
};
const HEADER = ['ma_co_quan', 'ten_co_quan', 'chi_tieu', 'nam', 'gia_tri', 'ghi_chu'];
const FILE = 'phan-bo-2026.csv';

function read(rows: string[][], fileName = FILE) {
  return readAllocationTable({ fileName, rows }, known);
}

function errorsOf(rows: string[][]): Omit<AllocationError, 'fileName'>[] {
  const result = read(rows);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.allocations)}`);
  for (const error of result.errors) expect(error.fileName).toBe(FILE);
  return result.errors.map(({ line, field, message }) => ({ line, field, message }));
}

function allocation(agencyCode: string, indicatorCode: string, year: number, value: number, line: number, note: string | null = null): Allocation {
  return { agencyCode, indicatorCode, year, value, note, line };
}

describe('normalizeHeader', () => {
  it.each<[string, string]>([
    ['ma_co_quan', 'ma_co_quan'],
    ['Mã cơ quan', 'ma_co_quan'],
    ['  MÃ CƠ QUAN  ', 'ma_co_quan'],
    ['Mã cơ quan'.normalize('NFD'), 'ma_co_quan'],
    ['\uFEFFma_co_quan', 'ma_co_quan'],
    ['ma-co  quan', 'ma_co_quan'],
    ['Năm', 'nam'],
    ['Giá trị', 'gia_tri'],
    ['Đơn vị', 'don_vi'],
    ['Mã chỉ tiêu', 'ma_chi_tieu'],
  ])('%j → %j', (text, normalized) => {
    expect(normalizeHeader(text)).toBe(normalized);
  });
});

describe('readAllocationTable: accepted files', () => {
  it('reads every line, skipping blank ones but keeping their numbers', () => {
    expect(read([
      HEADER,
      ['11311', 'Phường Hồng Bàng', 'participants_total', '2026', '25.400', ''],
      ['', '', '', '', '', ''],
      ['  ', '\u00a0'],
      ['BHXH', 'Bảo hiểm xã hội thành phố', 'participants_voluntary', '2027', '105000', '  Giao theo Quyết định số 12/QĐ-SNV  '],
      ['SXD', '', 'participants_total', '2030', '1 500', ''],
      ['11314', '', 'participants_total', '2026', '0', ''],
      ['11311', '', 'participants_voluntary', '2026', '12,5', ''],
    ])).toEqual({
      ok: true,
      allocations: [
        allocation('11311', 'participants_total', 2026, 25_400, 2),
        allocation('BHXH', 'participants_voluntary', 2027, 105_000, 5, 'Giao theo Quyết định số 12/QĐ-SNV'),
        allocation('SXD', 'participants_total', 2030, 1_500, 6),
        allocation('11314', 'participants_total', 2026, 0, 7),
        allocation('11311', 'participants_voluntary', 2026, 12.5, 8),
      ],
    });
  });

  it.each<[string, string[]]>([
    ['Vietnamese headers with diacritics and a byte-order mark', ['\uFEFFMã cơ quan', 'Tên cơ quan', 'Mã chỉ tiêu', 'Năm', 'Giá trị', 'Ghi chú']],
    ['Vietnamese headers without diacritics, upper case', ['MA CO QUAN', 'TEN CO QUAN', 'CHI TIEU', 'NAM', 'GIA TRI', 'GHI CHU']],
    ['decomposed (NFD) Vietnamese headers', ['Mã cơ quan', 'Tên cơ quan', 'Mã chỉ tiêu', 'Năm', 'Giá trị', 'Ghi chú'].map((h) => h.normalize('NFD'))],
    ['English headers', ['agency', 'name', 'indicator', 'year', 'value', 'note']],
  ])('accepts %s', (_label, header) => {
    expect(read([header, ['BHXH', 'BHXH thành phố', 'participants_total', '2026', '1.184.000', 'Toàn thành phố']])).toEqual({
      ok: true,
      allocations: [allocation('BHXH', 'participants_total', 2026, 1_184_000, 2, 'Toàn thành phố')],
    });
  });

  it('takes columns in any order, ignores unknown ones and reads short rows', () => {
    expect(read([
      ['STT', 'gia_tri', 'nam', 'chi_tieu', 'ma_co_quan', 'ghi_chu'],
      ['1', '25.400', '2026', 'participants_total', '11311'],
      ['2', '3.100', '2026', 'participants_voluntary', '11311', 'Tạm giao'],
    ])).toEqual({
      ok: true,
      allocations: [
        allocation('11311', 'participants_total', 2026, 25_400, 2),
        allocation('11311', 'participants_voluntary', 2026, 3_100, 3, 'Tạm giao'),
      ],
    });
  });

  it('matches codes ignoring case and keeps them as registered', () => {
    expect(read([HEADER, [' bhxh ', '', 'Participants_Total', ' 2026 ', ' 1.184.000 ', '']])).toEqual({
      ok: true,
      allocations: [allocation('BHXH', 'participants_total', 2026, 1_184_000, 2)],
    });
  });

  it('keeps the note in composed Unicode (NFC)', () => {
    const result = read([HEADER, ['SXD', '', 'participants_total', '2026', '100', 'Giao bổ sung'.normalize('NFD')]]);
    expect(result.ok && result.allocations[0].note).toBe('Giao bổ sung'.normalize('NFC'));
  });
});

describe('readAllocationTable: the header and the file as a whole', () => {
  it.each<[string, string[][], Omit<AllocationError, 'fileName'>[]]>([
    ['an empty file', [], [
      { line: 1, field: '', message: 'Tệp không có nội dung; dòng 1 phải là dòng tiêu đề (ma_co_quan, chi_tieu, nam, gia_tri)' },
    ]],
    ['a file of blank lines', [['', ' '], []], [
      { line: 1, field: '', message: 'Tệp không có nội dung; dòng 1 phải là dòng tiêu đề (ma_co_quan, chi_tieu, nam, gia_tri)' },
    ]],
    ['a header without data', [HEADER, ['', '', '']], [
      { line: 1, field: '', message: 'Tệp chỉ có dòng tiêu đề, chưa có dòng phân bổ nào' },
    ]],
    ['a missing value column', [['ma_co_quan', 'chi_tieu', 'nam', 'ghi_chu'], ['BHXH', 'participants_total', '2026', '']], [
      { line: 1, field: 'gia_tri', message: 'Thiếu cột "gia_tri" (có thể đặt tên "giá trị", "value")' },
    ]],
    ['several missing columns, and a blank first line', [[], ['BHXH', 'participants_total', '2026', '1.184.000']], [
      { line: 1, field: 'ma_co_quan', message: 'Thiếu cột "ma_co_quan" (có thể đặt tên "mã cơ quan", "agency")' },
      { line: 1, field: 'chi_tieu', message: 'Thiếu cột "chi_tieu" (có thể đặt tên "mã chỉ tiêu", "indicator")' },
      { line: 1, field: 'nam', message: 'Thiếu cột "nam" (có thể đặt tên "năm", "year")' },
      { line: 1, field: 'gia_tri', message: 'Thiếu cột "gia_tri" (có thể đặt tên "giá trị", "value")' },
    ]],
    ['two columns for the year', [['ma_co_quan', 'chi_tieu', 'Năm', 'year', 'gia_tri'], ['BHXH', 'participants_total', '2026', '2027', '1']], [
      { line: 1, field: 'year', message: 'Cột thứ 4 trùng nghĩa với cột thứ 3; mỗi thông tin chỉ được có một cột' },
    ]],
  ])('refuses %s', (_label, rows, errors) => {
    expect(errorsOf(rows)).toEqual(errors);
  });
});

describe('readAllocationTable: one bad cell', () => {
  const row = (cells: Partial<Record<'agency' | 'indicator' | 'year' | 'value', string>>): string[] => [
    cells.agency ?? 'BHXH',
    'Bảo hiểm xã hội thành phố',
    cells.indicator ?? 'participants_total',
    cells.year ?? '2026',
    cells.value ?? '1.184.000',
    '',
  ];

  it.each<[string, string[], string, string]>([
    ['no agency', row({ agency: '  ' }), 'ma_co_quan', 'Chưa nhập mã cơ quan hoặc mã xã, phường'],
    ['an unknown agency', row({ agency: 'SYT' }), 'ma_co_quan', '"SYT" không có trong danh mục mã cơ quan, xã, phường'],
    ['a commune code that lost a digit', row({ agency: '1131' }), 'ma_co_quan', '"1131" không có trong danh mục mã cơ quan, xã, phường'],
    ['no indicator', row({ indicator: '' }), 'chi_tieu', 'Chưa nhập mã chỉ tiêu'],
    ['an unknown indicator', row({ indicator: 'participants' }), 'chi_tieu',
      '"participants" không phải mã chỉ tiêu của kế hoạch (các mã hợp lệ: participants_total, participants_voluntary)'],
    ['no year', row({ year: '' }), 'nam', 'Chưa nhập năm'],
    ['a two-digit year', row({ year: '26' }), 'nam', '"26" không phải năm hợp lệ (viết đủ 4 chữ số, ví dụ 2026)'],
    ['a year with decimals', row({ year: '2026.0' }), 'nam', '"2026.0" không phải năm hợp lệ (viết đủ 4 chữ số, ví dụ 2026)'],
    ['a year with words', row({ year: 'Năm 2026' }), 'nam', '"Năm 2026" không phải năm hợp lệ (viết đủ 4 chữ số, ví dụ 2026)'],
    ['a year before the plan', row({ year: '2025' }), 'nam', 'Năm 2025 nằm ngoài thời hạn của kế hoạch (2026–2030)'],
    ['a year after the plan', row({ year: '2031' }), 'nam', 'Năm 2031 nằm ngoài thời hạn của kế hoạch (2026–2030)'],
    ['no value', row({ value: '' }), 'gia_tri', 'Chưa nhập giá trị'],
    ['an ambiguous dot', row({ value: '12.5' }), 'gia_tri', '"12.5" không phải số hợp lệ (viết như 1.184.000)'],
    ['English thousands', row({ value: '1,184,000' }), 'gia_tri', '"1,184,000" không phải số hợp lệ (viết như 1.184.000)'],
    ['words', row({ value: 'khoảng 25 nghìn' }), 'gia_tri', '"khoảng 25 nghìn" không phải số hợp lệ (viết như 1.184.000)'],
    ['a percentage', row({ value: '87,5%' }), 'gia_tri', '"87,5%" là tỷ lệ phần trăm; giá trị phân bổ phải là số lượng (viết như 1.184.000)'],
    ['a negative number', row({ value: '-100' }), 'gia_tri', '"-100" là số âm; giá trị phân bổ không được nhỏ hơn 0'],
  ])('%s', (_label, cells, field, message) => {
    expect(errorsOf([HEADER, row({ agency: 'SXD' }), cells])).toEqual([{ line: 3, field, message }]);
  });

  it.each<[string, string]>([
    ['the first year of the plan', '2026'],
    ['the last year of the plan', '2030'],
  ])('accepts %s', (_label, year) => {
    expect(read([HEADER, row({ year })]).ok).toBe(true);
  });

  it('names the column as the file writes it', () => {
    const header = ['Mã cơ quan', 'Mã chỉ tiêu', 'Năm', 'Giá trị'];
    expect(errorsOf([header, ['SYT', 'participants_total', '2031', '12.5']])).toEqual([
      { line: 2, field: 'Mã cơ quan', message: '"SYT" không có trong danh mục mã cơ quan, xã, phường' },
      { line: 2, field: 'Năm', message: 'Năm 2031 nằm ngoài thời hạn của kế hoạch (2026–2030)' },
      { line: 2, field: 'Giá trị', message: '"12.5" không phải số hợp lệ (viết như 1.184.000)' },
    ]);
  });
});

describe('readAllocationTable: duplicates and collecting every error', () => {
  it('names both lines of a duplicate, even written in another case', () => {
    expect(errorsOf([
      HEADER,
      ['BHXH', '', 'participants_total', '2026', '1.184.000', ''],
      ['SXD', '', 'participants_total', '2026', '10', ''],
      ['bhxh', '', 'participants_total', '2026', '1.000.000', ''],
    ])).toEqual([
      { line: 4, field: 'ma_co_quan', message: 'Trùng với dòng 2: cơ quan "BHXH", chỉ tiêu "participants_total", năm 2026 đã được phân bổ ở dòng đó' },
    ]);
  });

  it('does not take the same agency in another year or for another indicator as a duplicate', () => {
    const result = read([
      HEADER,
      ['BHXH', '', 'participants_total', '2026', '1', ''],
      ['BHXH', '', 'participants_total', '2027', '2', ''],
      ['BHXH', '', 'participants_voluntary', '2026', '3', ''],
    ]);
    expect(result.ok && result.allocations.map((a) => a.line)).toEqual([2, 3, 4]);
  });

  it('collects every error of every line, in order', () => {
    expect(errorsOf([
      HEADER,
      ['11311', 'Phường Hồng Bàng', 'participants_total', '2026', '25.400', ''],
      ['11311', 'Phường Hồng Bàng', 'participants_total', '2026', '12.5', 'sửa lại'],
      [''],
      ['SYT', '', 'participant', '26', '', ''],
      ['11314', '', 'participants_voluntary', '2031', '87,5%', ''],
    ])).toEqual([
      { line: 3, field: 'gia_tri', message: '"12.5" không phải số hợp lệ (viết như 1.184.000)' },
      { line: 3, field: 'ma_co_quan', message: 'Trùng với dòng 2: cơ quan "11311", chỉ tiêu "participants_total", năm 2026 đã được phân bổ ở dòng đó' },
      { line: 5, field: 'ma_co_quan', message: '"SYT" không có trong danh mục mã cơ quan, xã, phường' },
      { line: 5, field: 'chi_tieu', message: '"participant" không phải mã chỉ tiêu của kế hoạch (các mã hợp lệ: participants_total, participants_voluntary)' },
      { line: 5, field: 'nam', message: '"26" không phải năm hợp lệ (viết đủ 4 chữ số, ví dụ 2026)' },
      { line: 5, field: 'gia_tri', message: 'Chưa nhập giá trị' },
      { line: 6, field: 'nam', message: 'Năm 2031 nằm ngoài thời hạn của kế hoạch (2026–2030)' },
      { line: 6, field: 'gia_tri', message: '"87,5%" là tỷ lệ phần trăm; giá trị phân bổ phải là số lượng (viết như 1.184.000)' },
    ]);
  });

  it('does not list the valid codes when there are too many to read', () => {
    const many: KnownCodes = { ...known, indicators: new Set(Array.from({ length: 11 }, (_, i) => `indicator_${i}`)) };
    const result = readAllocationTable({ fileName: FILE, rows: [HEADER, ['BHXH', '', 'x', '2026', '1', '']] }, many);
    expect(!result.ok && result.errors.map((e) => e.message)).toEqual(['"x" không phải mã chỉ tiêu của kế hoạch']);
  });
});

describe('formatAllocationError', () => {
  it.each<[AllocationError, string]>([
    [{ fileName: 'tệp.csv', line: 7, field: 'gia_tri', message: '"12.5" không phải số hợp lệ (viết như 1.184.000)' },
      'tệp.csv, dòng 7, cột "gia_tri": "12.5" không phải số hợp lệ (viết như 1.184.000)'],
    [{ fileName: 'Phân bổ 2026.xlsx', line: 3, field: 'Mã cơ quan', message: '"SYT" không có trong danh mục mã cơ quan, xã, phường' },
      'Phân bổ 2026.xlsx, dòng 3, cột "Mã cơ quan": "SYT" không có trong danh mục mã cơ quan, xã, phường'],
    [{ fileName: 'tệp.csv', line: 1, field: '', message: 'Tệp chỉ có dòng tiêu đề, chưa có dòng phân bổ nào' },
      'tệp.csv, dòng 1: Tệp chỉ có dòng tiêu đề, chưa có dòng phân bổ nào'],
  ])('%j', (error, line) => {
    expect(formatAllocationError(error)).toBe(line);
  });

  it('formats what readAllocationTable returns', () => {
    const result = read([HEADER, ['BHXH', '', 'participants_total', '2026', '12.5', '']], 'phan-bo.csv');
    expect(!result.ok && result.errors.map(formatAllocationError)).toEqual([
      'phan-bo.csv, dòng 2, cột "gia_tri": "12.5" không phải số hợp lệ (viết như 1.184.000)',
    ]);
  });
});

describe('sumAllocations', () => {
  const targets = [
    { indicatorCode: 'participants_total', year: 2026, value: 1_184_000 },
    { indicatorCode: 'participants_total', year: 2027, value: 1_267_000 },
    { indicatorCode: 'participants_voluntary', year: 2026, value: 99_000 },
    { indicatorCode: 'participants_voluntary', year: 2027, value: null },
  ];

  it.each<[string, Pick<Allocation, 'indicatorCode' | 'year' | 'value'>[], AllocationSum[]]>([
    ['nothing allocated', [], []],
    ['short, exact and over, per indicator in order of appearance then year', [
      { indicatorCode: 'participants_voluntary', year: 2026, value: 60_000 },
      { indicatorCode: 'participants_total', year: 2027, value: 1_000_000 },
      { indicatorCode: 'participants_total', year: 2026, value: 1_000_000 },
      { indicatorCode: 'participants_total', year: 2026, value: 180_000 },
      { indicatorCode: 'participants_voluntary', year: 2026, value: 39_000 },
      { indicatorCode: 'participants_total', year: 2027, value: 270_000 },
    ], [
      { indicatorCode: 'participants_voluntary', year: 2026, allocated: 99_000, count: 2, target: 99_000, difference: 0 },
      { indicatorCode: 'participants_total', year: 2026, allocated: 1_180_000, count: 2, target: 1_184_000, difference: -4_000 },
      { indicatorCode: 'participants_total', year: 2027, allocated: 1_270_000, count: 2, target: 1_267_000, difference: 3_000 },
    ]],
    ['no city target: no difference', [
      { indicatorCode: 'participants_voluntary', year: 2027, value: 5 },
      { indicatorCode: 'participants_total', year: 2029, value: 7 },
    ], [
      { indicatorCode: 'participants_voluntary', year: 2027, allocated: 5, count: 1, target: null, difference: null },
      { indicatorCode: 'participants_total', year: 2029, allocated: 7, count: 1, target: null, difference: null },
    ]],
    ['decimals without binary noise', [
      { indicatorCode: 'rate', year: 2026, value: 0.1 },
      { indicatorCode: 'rate', year: 2026, value: 0.2 },
    ], [
      { indicatorCode: 'rate', year: 2026, allocated: 0.3, count: 2, target: null, difference: null },
    ]],
  ])('%s', (_label, allocations, sums) => {
    expect(sumAllocations(allocations, targets)).toEqual(sums);
  });

  it('sums what readAllocationTable returns', () => {
    const result = read([
      HEADER,
      ['11311', '', 'participants_total', '2026', '25.400', ''],
      ['11314', '', 'participants_total', '2026', '18.600', ''],
    ]);
    expect(result.ok && sumAllocations(result.allocations, targets)).toEqual([
      { indicatorCode: 'participants_total', year: 2026, allocated: 44_000, count: 2, target: 1_184_000, difference: -1_140_000 },
    ]);
  });
});

describe('messages', () => {
  it.each<[number, string]>([
    [0, '0'],
    [999, '999'],
    [1_000, '1.000'],
    [1_184_000, '1.184.000'],
    [12.5, '12,5'],
    [1_234.75, '1.234,75'],
    [-4_000, '-4.000'],
  ])('formatNumberVi(%p) → %j', (value, text) => {
    expect(formatNumberVi(value)).toBe(text);
  });

  it.each<[number, number, string]>([
    [1_180_000, 1_184_000, 'Chỉ tiêu "participants_total" năm 2026: tổng phân bổ 1.180.000 chưa bằng chỉ tiêu của thành phố 1.184.000 (thiếu 4.000)'],
    [1_190_000, 1_184_000, 'Chỉ tiêu "participants_total" năm 2026: tổng phân bổ 1.190.000 chưa bằng chỉ tiêu của thành phố 1.184.000 (vượt 6.000)'],
  ])('sumMismatch(%p, %p)', (allocated, target, text) => {
    expect(allocationMessages.sumMismatch('participants_total', 2026, allocated, target)).toBe(text);
  });
});
