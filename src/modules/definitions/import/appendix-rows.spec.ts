import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fromRoman, groupAppendixRows, romanPrefix, toRoman, type GroupedAppendix } from './appendix-rows';
import { readAppendixTable, type TableRow } from './read-appendix-table';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/import');

/** A physical row: [section, number, task, lead, support, deliverable, timing]. */
type Cells = [string, string, string, string?, string?, string?, string?];

function table(...rows: Cells[]): TableRow[] {
  return rows.map(([section, number, task, lead = '', support = '', deliverable = '', timing = ''], i) => ({
    line: i + 2,
    section,
    number,
    task,
    lead,
    support,
    deliverable,
    timing,
    extraCells: [],
  }));
}

const FULL = ['Sở Nội vụ', 'Sở Y tế', 'Báo cáo', 'Hằng năm'] as const;
const task = (section: string, number: string, name: string): Cells => [section, number, name, ...FULL];
const keys = (g: GroupedAppendix) => g.rows.map((r) => [r.key, r.lines]);
const sections = (g: GroupedAppendix) => g.sections.map((s) => [s.key, s.title, s.line]);

async function fixture(name: string): Promise<{ rows: TableRow[]; headerLine: number }> {
  const result = await readAppendixTable(await fs.readFile(path.join(FIXTURES, name)), name);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe('groupAppendixRows: section headings', () => {
  it.each<[string, Cells[], [string, string, number][], [string, number[]][]]>([
    [
      'a section column on every row and heading rows (the CSV style)',
      [task('III', '6', 'A'), ['IV', '', 'Cải cách thủ tục hành chính, chuyển đổi số'], task('IV', '1', 'B')],
      [['III', '', 2], ['IV', 'Cải cách thủ tục hành chính, chuyển đổi số', 3]],
      [['III.6', [2]], ['IV.1', [4]]],
    ],
    [
      'Roman numerals in the number column, title in the task (the Word style)',
      [['', 'I', 'Chỉ đạo, điều hành'], task('', '1', 'A'), task('', '2', 'B'), ['', 'II', 'Tuyên truyền'], task('', '1', 'C')],
      [['I', 'Chỉ đạo, điều hành', 2], ['II', 'Tuyên truyền', 5]],
      [['I.1', [3]], ['I.2', [4]], ['II.1', [6]]],
    ],
    [
      '"IV. Title" in the number cell',
      [['', 'IV. Cải cách hành chính', ''], task('', '1', 'A')],
      [['IV', 'Cải cách hành chính', 2]],
      [['IV.1', [3]]],
    ],
    [
      '"V - Title" in the section cell of every row, no heading rows',
      [task('V - Thanh tra, kiểm tra', '1', 'A'), task('V - Thanh tra, kiểm tra', '2', 'B')],
      [['V', 'Thanh tra, kiểm tra', 2]],
      [['V.1', [2]], ['V.2', [3]]],
    ],
    [
      'only titles in the section cell: numerals in order of appearance',
      [task('Tuyên truyền', '1', 'A'), task('Tuyên truyền', '2', 'B'), task('Thanh tra', '1', 'C'), task('tuyên truyền', '3', 'D')],
      [['I', 'Tuyên truyền', 2], ['II', 'Thanh tra', 4]],
      [['I.1', [2]], ['I.2', [3]], ['II.1', [4]], ['I.3', [5]]],
    ],
    [
      'a heading in the task column only: "Mục II. …", "III. …" or capitals',
      [['', '', 'Mục II. Phát triển đối tượng'], task('', '1', 'A'), ['', '', 'III. Tuyên truyền'], task('', '1', 'B'), ['', '', 'CÔNG TÁC BÁO CÁO'], task('', '1', 'C')],
      [['II', 'Phát triển đối tượng', 2], ['III', 'Tuyên truyền', 4], ['IV', 'CÔNG TÁC BÁO CÁO', 6]],
      [['II.1', [3]], ['III.1', [5]], ['IV.1', [7]]],
    ],
    [
      'a number cell that carries its section ("III.6")',
      [task('', 'III.6', 'A'), task('', 'III.7', 'B'), ['', 'IV', 'Cải cách'], task('', 'IV.1', 'C')],
      [['III', '', 2], ['IV', 'Cải cách', 4]],
      [['III.6', [2]], ['III.7', [3]], ['IV.1', [5]]],
    ],
  ])('%s', (_label, rows, expectedSections, expectedRows) => {
    const g = groupAppendixRows(table(...rows));
    expect(sections(g)).toEqual(expectedSections);
    expect(keys(g)).toEqual(expectedRows);
  });

  it('notes a section that has no title and a repeated heading', () => {
    const g = groupAppendixRows(table(task('III', '6', 'A'), ['', 'IV', 'Cải cách'], task('', '1', 'B'), ['', 'IV', 'Cải cách'], task('', '2', 'C')));
    expect(g.notes).toEqual(['Dòng 5: tiêu đề mục IV "Cải cách".', 'Mục III không có dòng tiêu đề trong phụ lục: tên mục cần được nhập.']);
    expect(keys(g)).toEqual([['III.6', [2]], ['IV.1', [4]], ['IV.2', [6]]]);
  });

  it('notes a section named twice with different titles and keeps the first', () => {
    const g = groupAppendixRows(table(task('IV. Cải cách', '1', 'A'), task('IV. Chuyển đổi số', '2', 'B')));
    expect(sections(g)).toEqual([['IV', 'Cải cách', 2]]);
    expect(g.notes).toEqual(['Dòng 3: mục IV có tên "Chuyển đổi số" khác với tên đã gặp "Cải cách"; giữ tên đầu tiên.']);
  });

  it('puts rows before every heading into section "0" with a warning', () => {
    const g = groupAppendixRows(table(task('', '1', 'A'), task('', '2', 'B'), ['', 'I', 'Tuyên truyền'], task('', '1', 'C')));
    expect(sections(g)).toEqual([['0', '', 2], ['I', 'Tuyên truyền', 4]]);
    expect(g.sections[0].implicit).toBe(true);
    expect(g.rows.map((r) => [r.key, r.inferred, r.warnings])).toEqual([
      ['0.1', ['section'], ['Dòng không thuộc mục nào: xếp vào mục tạm "0", cần kiểm tra.']],
      ['0.2', ['section'], ['Dòng không thuộc mục nào: xếp vào mục tạm "0", cần kiểm tra.']],
      ['I.1', [], []],
    ]);
    expect(g.notes).toEqual(['Có dòng nhiệm vụ đứng trước mọi tiêu đề mục: xếp vào mục tạm "0".']);
  });
});

describe('groupAppendixRows: rows over several lines', () => {
  it('joins lines with the same section and number (merged cells): distinct texts once, in order', () => {
    const g = groupAppendixRows(
      table(
        ['IV', '4', 'Triển khai thanh toán trực tuyến', 'BHXH TP', 'Thuế thành phố', 'Số giao dịch', 'Hằng quý'],
        ['IV', '4', 'Triển khai thanh toán trực tuyến', 'BHXH TP', 'Ngân hàng Nhà nước', 'Báo cáo kết quả', 'Hằng quý'],
        task('IV', '5', 'B'),
      ),
    );
    expect(g.rows[0]).toEqual({
      key: 'IV.4',
      section: 'IV',
      number: '4',
      task: 'Triển khai thanh toán trực tuyến',
      lead: 'BHXH TP',
      support: 'Thuế thành phố\nNgân hàng Nhà nước',
      deliverable: 'Số giao dịch\nBáo cáo kết quả',
      timing: 'Hằng quý',
      lines: [2, 3],
      warnings: [],
      inferred: [],
    });
    expect(keys(g)).toEqual([['IV.4', [2, 3]], ['IV.5', [4]]]);
  });

  it.each<[string, Cells[], [string, number[]][], string]>([
    ['a line without a number continues the open row', [task('', '1', 'A'), ['', '', '(tiếp) nội dung', 'Sở Y tế']], [['I.1', [3, 4]]], 'A\n(tiếp) nội dung'],
    ['a bullet in the number column is no number', [task('', '1', 'A'), ['', '-', 'ý thứ hai']], [['I.1', [3, 4]]], 'A\ný thứ hai'],
    ['a bare section cell under a titled section continues the row', [task('I', '1', 'A'), ['I', '', 'ý thứ hai']], [['I.1', [3, 4]]], 'A\ný thứ hai'],
    ['"1", "1." and "01" are the same number', [task('', '1', 'A'), task('', '1.', 'A'), task('', '01', 'B')], [['I.1', [3, 4, 5]]], 'A\nB'],
  ])('%s', (_label, rows, expected, taskText) => {
    const g = groupAppendixRows(table(['', 'I', 'Mục một'], ...rows));
    expect(keys(g)).toEqual(expected);
    expect(g.rows[0].task).toBe(taskText);
  });

  it.each<[string, string, string]>([
    ['6', 'I.6', ''],
    ['6.', 'I.6', ''],
    ['6)', 'I.6', ''],
    ['(6)', 'I.6', ''],
    ['06', 'I.6', ''],
    ['1.2', 'I.1.2', ''],
    ['a', 'I.a', ''],
    ['IV', 'I.IV', 'Số thứ tự "IV" là số La Mã nhưng dòng có nội dung nhiệm vụ: coi là một nhiệm vụ.'],
  ])('number cell %j → key %s', (number, key, warning) => {
    const g = groupAppendixRows(table(['', 'I', 'Mục một'], task('', number, 'A')));
    expect(g.rows.map((r) => [r.key, r.warnings.join('')])).toEqual([[key, warning]]);
  });

  it('numbers a first row without a number after the section’s last number, and says so', () => {
    const g = groupAppendixRows(table(['', 'I', 'Mục một'], task('', '', 'A'), ['', 'II', 'Mục hai'], task('', '3', 'B'), ['', '', 'CÁC VIỆC KHÁC'], task('', '', 'C')));
    expect(g.rows.map((r) => [r.key, r.inferred, r.warnings])).toEqual([
      ['I.1', ['key'], ['Dòng không có số thứ tự: tạm đặt mã I.1, cần kiểm tra.']],
      ['II.3', [], []],
      ['III.1', ['key'], ['Dòng không có số thứ tự: tạm đặt mã III.1, cần kiểm tra.']],
    ]);
  });

  it('warns on both rows of a key used twice', () => {
    const g = groupAppendixRows(table(task('I', '1', 'A'), task('I', '2', 'B'), task('I', '1', 'C')));
    expect(g.rows.map((r) => [r.key, r.warnings])).toEqual([
      ['I.1', ['Mã dòng I.1 lặp lại (dòng 2, 4): cần sửa số thứ tự trước khi nạp.']],
      ['I.2', []],
      ['I.1', ['Mã dòng I.1 lặp lại (dòng 2, 4): cần sửa số thứ tự trước khi nạp.']],
    ]);
  });

  it('skips empty lines and a row of column numbers, and notes them', () => {
    const rows = table(['', '(1)', '(2)', '(3)', '(4)', '(5)', '(6)'], ['', '', ''], task('I', '1', 'A'), ['', '', ''], ['', '', ''], task('I', '2', 'B'), ['', '', '']);
    const g = groupAppendixRows(rows);
    expect(keys(g)).toEqual([['I.1', [4]], ['I.2', [7]]]);
    expect(g.notes).toEqual([
      'Dòng 2: dòng đánh số cột (1), (2), …, bỏ qua.',
      'Dòng 3: trống, bỏ qua.',
      'Dòng 5–6: trống, bỏ qua.',
      'Dòng 8: trống, bỏ qua.',
      'Mục I không có dòng tiêu đề trong phụ lục: tên mục cần được nhập.',
    ]);
  });

  it('warns about cells beyond the header', () => {
    const [row] = table(task('I', '1', 'Khai thác'));
    const g = groupAppendixRows([{ ...row, extraCells: ['Năm 2026'] }]);
    expect(g.rows[0].warnings).toEqual([
      'Có ô nằm ngoài các cột tiêu đề ("Năm 2026"): có thể thiếu dấu ngoặc kép quanh một ô có dấu phẩy.',
    ]);
  });
});

describe('groupAppendixRows: the fixtures, every line accounted for', () => {
  function accountedLines(g: GroupedAppendix): number[] {
    const fromNotes = g.notes.flatMap((n) => {
      const m = /^Dòng (\d+)(?:–(\d+))?:/.exec(n);
      if (!m) return [];
      const from = Number(m[1]);
      return Array.from({ length: Number(m[2] ?? m[1]) - from + 1 }, (_, i) => from + i);
    });
    const headings = g.sections.filter((s) => !g.rows.some((r) => r.lines.includes(s.line))).map((s) => s.line);
    return [...g.rows.flatMap((r) => r.lines), ...headings, ...fromNotes].sort((a, b) => a - b);
  }

  it('Hải Phòng: 21 rows III.6 … VI.2, sections III (untitled), IV, V, VI', async () => {
    const { rows, headerLine } = await fixture('hai-phong-appendix.csv');
    const g = groupAppendixRows(rows);
    expect(g.rows.map((r) => r.key)).toEqual([
      'III.6', 'III.7', 'III.8', 'III.9', 'III.10', 'III.11', 'III.12',
      'IV.1', 'IV.2', 'IV.3', 'IV.4', 'IV.5',
      'V.1', 'V.2', 'V.3', 'V.4', 'V.5', 'V.6', 'V.7',
      'VI.1', 'VI.2',
    ]);
    expect(sections(g)).toEqual([
      ['III', '', 2],
      ['IV', 'Cải cách thủ tục hành chính, chuyển đổi số', 9],
      ['V', 'Nâng cao hiệu lực quản lý nhà nước, thanh tra, kiểm tra', 15],
      ['VI', 'Công tác báo cáo', 23],
    ]);
    expect(g.rows.every((r) => r.warnings.length === 0 && r.lines.length === 1)).toBe(true);
    expect(g.notes).toEqual(['Mục III không có dòng tiêu đề trong phụ lục: tên mục cần được nhập.']);
    expect(accountedLines(g)).toEqual(rows.map((r) => r.line));
    expect(headerLine).toBe(1);
  });

  it('unseen plan: 13 rows in sections I–III, a row over two lines, a blank line noted', async () => {
    const { rows } = await fixture('unseen-appendix.csv');
    const g = groupAppendixRows(rows);
    expect(keys(g)).toEqual([
      ['I.1', [5]], ['I.2', [6]], ['I.3', [7]],
      ['II.1', [9]], ['II.2', [10]], ['II.3', [11]], ['II.4', [15, 16]],
      ['III.1', [18]], ['III.2', [19]], ['III.3', [20]], ['III.4', [21]], ['III.5', [22]], ['III.6', [23]],
    ]);
    expect(sections(g)).toEqual([
      ['I', 'Hoàn thiện thể chế, nâng cao nhận thức về chuyển đổi số', 4],
      ['II', 'Phát triển hạ tầng số, dữ liệu số', 8],
      ['III', 'Phát triển chính quyền số, kinh tế số, xã hội số', 17],
    ]);
    expect(g.notes).toEqual(['Dòng 14: trống, bỏ qua.']);
    expect(accountedLines(g)).toEqual(rows.map((r) => r.line));
  });
});

describe('Roman numerals', () => {
  it.each([
    ['I', 1], ['IV', 4], ['VI', 6], ['IX', 9], ['XIV', 14], ['XL', 40], ['C', 100],
    ['IIII', 0], ['VX', 0], ['iv', 0], ['', 0], ['ABC', 0],
  ] as const)('fromRoman(%j) = %d', (text, value) => {
    expect(fromRoman(text)).toBe(value);
    if (value) expect(toRoman(value)).toBe(text);
  });

  it.each([
    ['IV', { numeral: 'IV', rest: '' }],
    ['IV. Cải cách', { numeral: 'IV', rest: 'Cải cách' }],
    ['V - Thanh tra', { numeral: 'V', rest: 'Thanh tra' }],
    ['II: Tuyên truyền', { numeral: 'II', rest: 'Tuyên truyền' }],
    ['Cải cách hành chính', null],
    ['CCHC', null],
    ['Vận động', null],
  ] as const)('romanPrefix(%j)', (text, expected) => {
    expect(romanPrefix(text)).toEqual(expected);
  });
});
