import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workbook } from 'exceljs';
import { writeAppendixXlsx } from '../../../../test/fixtures/import/make-xlsx';
import { readAppendixTable, type AppendixTableErrorCode, type AppendixTableResult, type TableRow } from './read-appendix-table';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/import');
const HEADER = 'section,number,task,lead,support,deliverable,timing';

function rowsOf(result: AppendixTableResult): TableRow[] {
  if (!result.ok) throw new Error(`expected rows, got ${result.error.code}: ${result.error.message}`);
  return result.rows;
}

const csv = (text: string, name = 'phu-luc.csv') => readAppendixTable(Buffer.from(text, 'utf8'), name);
const cells = (r: TableRow) => [r.section, r.number, r.task, r.lead, r.support, r.deliverable, r.timing];

describe('readAppendixTable: the two CSV fixtures', () => {
  it('reads the Hải Phòng appendix: comma, header on line 1, 24 physical rows', async () => {
    const result = await readAppendixTable(await fs.readFile(path.join(FIXTURES, 'hai-phong-appendix.csv')), 'hai-phong-appendix.csv');
    expect(result).toMatchObject({ ok: true, format: 'csv', delimiter: ',', sheet: null, headerLine: 1 });
    const rows = rowsOf(result);
    expect(rows).toHaveLength(24);
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
    expect(cells(rows[0])).toEqual(['III', '6', '… về phát triển người tham gia BHXH', 'Sở Khoa học và Công nghệ', 'BHXH thành phố', 'Kế hoạch', 'Hằng năm']);
    expect(cells(rows[6])[2]).toBe('Triển khai "Tháng vận động triển khai BHXH toàn dân"');
    expect(cells(rows[7])).toEqual(['IV', '', 'Cải cách thủ tục hành chính, chuyển đổi số', '', '', '', '']);
    expect(rows[23].timing).toBe('Trước ngày 31/01/2031');
  });

  it('reads the unseen appendix: BOM, semicolons, CRLF, two title lines, Vietnamese header, a cell over three lines', async () => {
    const result = await readAppendixTable(await fs.readFile(path.join(FIXTURES, 'unseen-appendix.csv')), 'unseen-appendix.csv');
    expect(result).toMatchObject({ ok: true, format: 'csv', delimiter: ';', headerLine: 3 });
    const rows = rowsOf(result);
    expect(rows.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(cells(rows[0])).toEqual(['', 'I', 'Hoàn thiện thể chế, nâng cao nhận thức về chuyển đổi số', '', '', '', '']);
    expect(rows[7].task).toBe(
      'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính:\n- Tại Trung tâm Phục vụ hành chính công thành phố;\n- Tại bộ phận một cửa UBND cấp xã',
    );
    expect(cells(rows[8])).toEqual(['', '', '', '', '', '', '']);
    expect([rows[9].number, rows[10].number, rows[10].support]).toEqual(['4', '4', 'Ngân hàng Nhà nước Khu vực 4']);
  });
});

describe('readAppendixTable: headers', () => {
  it.each([
    ['the English names in another order, any case, spaces around', ' Timing ,TASK,Number,lead,SUPPORT,Deliverable, section '],
    ['the Vietnamese titles', 'Mục,TT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Sản phẩm,Thời gian thực hiện'],
    ['short Vietnamese titles', 'Mục,STT,Nhiệm vụ,Chủ trì,Phối hợp,Sản phẩm,Thời gian'],
    ['Vietnamese titles without diacritics, in capitals', 'MUC,STT,NHIEM VU,CO QUAN CHU TRI,CO QUAN PHOI HOP,SAN PHAM,THOI GIAN HOAN THANH'],
    ['titles with punctuation and a note in brackets', 'Mục,TT.,Nhiệm vụ:,"Cơ quan, đơn vị chủ trì","Cơ quan, đơn vị phối hợp",Sản phẩm (*),Thời gian thực hiện (năm)'],
    ['titles broken over two lines', 'Mục,TT,Nhiệm vụ,"Cơ quan\nchủ trì","Cơ quan\nphối hợp",Sản phẩm,"Thời gian\nhoàn thành"'],
  ])('accepts %s', async (_label, header) => {
    const first = header.split(',')[0].trim().toLowerCase();
    const line = first === 'timing' ? 'Hằng năm,Nhiệm vụ A,1,Sở Nội vụ,Sở Y tế,Báo cáo,I' : 'I,1,Nhiệm vụ A,Sở Nội vụ,Sở Y tế,Báo cáo,Hằng năm';
    const rows = rowsOf(await csv(`${header}\n${line}\n`));
    expect(cells(rows[0])).toEqual(['I', '1', 'Nhiệm vụ A', 'Sở Nội vụ', 'Sở Y tế', 'Báo cáo', 'Hằng năm']);
  });

  it('accepts a table without the section column (sections as heading rows)', async () => {
    const rows = rowsOf(await csv('TT,Nhiệm vụ,Chủ trì,Phối hợp,Sản phẩm,Thời gian\nI,Tuyên truyền,,,,\n1,Nhiệm vụ A,Sở Nội vụ,,Báo cáo,Hằng năm\n'));
    expect(rows.map(cells)).toEqual([
      ['', 'I', 'Tuyên truyền', '', '', '', ''],
      ['', '1', 'Nhiệm vụ A', 'Sở Nội vụ', '', 'Báo cáo', 'Hằng năm'],
    ]);
  });

  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('detects the %s delimiter from the header', async (_label, d) => {
    const result = await csv(`${HEADER.split(',').join(d)}\nI${d}1${d}"Nhiệm vụ A, B"${d}Sở Nội vụ${d}${d}Báo cáo${d}Hằng năm\n`);
    expect(result).toMatchObject({ ok: true, delimiter: d });
    expect(rowsOf(result)[0].task).toBe('Nhiệm vụ A, B');
  });

  it('finds the header below title lines and ignores empty header cells at the end', async () => {
    const result = await csv(`PHỤ LỤC,,,,,,\n(Kèm theo Kế hoạch số 12/KH-UBND),,,,,,\n\n${HEADER},,\nI,1,A,Sở Nội vụ,,Báo cáo,Hằng năm,,\n`);
    expect(result).toMatchObject({ ok: true, headerLine: 4 });
    expect(rowsOf(result).map((r) => [r.line, r.task, r.extraCells])).toEqual([[5, 'A', []]]);
  });
});

describe('readAppendixTable: cell text', () => {
  it.each([
    ['line breaks inside a quoted cell are kept as \\n, CRLF or not', '"Sở Nội vụ\r\nBHXH thành phố"', 'Sở Nội vụ\nBHXH thành phố'],
    ['blank lines and spaces around lines are dropped', '"  Sở Nội vụ  \n\n   BHXH thành phố "', 'Sở Nội vụ\nBHXH thành phố'],
    ['runs of spaces, tabs and no-break spaces collapse', '"Sở\u00a0 Nội\t\tvụ"', 'Sở Nội vụ'],
    ['decomposed Unicode (NFD) becomes NFC', '"Sở Nội vụ"'.normalize('NFD'), 'Sở Nội vụ'],
    ['zero-width characters are dropped', '"Sở\u200b Nội vụ\ufeff"', 'Sở Nội vụ'],
    ['doubled quotes are one quote', '"Triển khai ""Tháng vận động"""', 'Triển khai "Tháng vận động"'],
  ])('%s', async (_label, cell, expected) => {
    const rows = rowsOf(await csv(`${HEADER}\nI,1,Nhiệm vụ,${cell},,Báo cáo,Hằng năm\n`));
    expect(rows[0].lead).toBe(expected);
    expect(rows[0].lead).toBe(rows[0].lead.normalize('NFC'));
  });

  it('counts lines from where each record starts, with CR-only line ends too', async () => {
    const text = `${HEADER}\rI,1,"A\rB",Sở Nội vụ,,Báo cáo,Hằng năm\r\rI,2,C,Sở Y tế,,Báo cáo,Hằng năm`;
    expect(rowsOf(await csv(text)).map((r) => [r.line, r.number, r.task])).toEqual([
      [2, '1', 'A\nB'],
      [4, '', ''],
      [5, '2', 'C'],
    ]);
  });

  it('keeps cells beyond the header as extraCells (an unquoted comma)', async () => {
    const rows = rowsOf(await csv(`${HEADER}\nI,1,Khai thác, sử dụng dữ liệu,BHXH thành phố,,Hệ thống,Năm 2026\n`));
    expect(cells(rows[0])).toEqual(['I', '1', 'Khai thác', 'sử dụng dữ liệu', 'BHXH thành phố', '', 'Hệ thống']);
    expect(rows[0].extraCells).toEqual(['Năm 2026']);
  });
});

describe('readAppendixTable: bad files get one error naming the file', () => {
  const zip = (...names: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(names.join(''), 'latin1'), Buffer.alloc(64)]);
  const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
  const cases: [string, Buffer, string, AppendixTableErrorCode, RegExp][] = [
    ['an empty file', Buffer.alloc(0), 'a.csv', 'EMPTY', /trống/],
    ['only a BOM and blank lines', Buffer.from('\ufeff\n \r\n\n', 'utf8'), 'a.csv', 'EMPTY', /trống/],
    ['a header and no rows', Buffer.from(`${HEADER}\n,,,,,,\n`, 'utf8'), 'a.csv', 'EMPTY', /chỉ có dòng tiêu đề \(dòng 1\)/],
    ['text without a header', Buffer.from('Kế hoạch số 12\nNhiệm vụ A, Sở Nội vụ\n', 'utf8'), 'a.csv', 'NO_HEADER', /không có dòng tiêu đề trong 10 dòng đầu/],
    ['data rows without the header line', Buffer.from('I,1,A,Sở Nội vụ,,Báo cáo,Hằng năm\n', 'utf8'), 'a.csv', 'NO_HEADER', /section,number,task,lead,support,deliverable,timing/],
    [
      'a renamed and a missing column',
      Buffer.from('section,number,task,lead,support,product\nI,1,A,B,C,D\n', 'utf8'),
      'a.csv',
      'WRONG_COLUMNS',
      /dòng tiêu đề 1: thiếu cột "deliverable", "timing"; cột không được hỗ trợ "product"/,
    ],
    ['a column twice', Buffer.from(`${HEADER},Chủ trì\n`, 'utf8'), 'a.csv', 'WRONG_COLUMNS', /cột bị lặp "Chủ trì"/],
    ['Latin-1 bytes', Buffer.from(`${HEADER}\nI,1,Nhi\u00e9m v\u00f9,S\u00f4,,B\u00e1o c\u00e1o,H\u00e0ng n\u00e4m\n`, 'latin1'), 'a.csv', 'NOT_UTF8', /không phải văn bản UTF-8/],
    ['UTF-16 with a BOM', Buffer.from(`\ufeff${HEADER}\n`, 'utf16le'), 'a.csv', 'NOT_UTF8', /UTF-16/],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'a.xlsx', 'NOT_A_SPREADSHEET', /tệp ảnh/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), 'a.csv', 'NOT_A_SPREADSHEET', /tệp PDF/],
    ['a ZIP that is no workbook', zip('notes.txt'), 'a.xlsx', 'NOT_A_SPREADSHEET', /ZIP nhưng không phải bảng tính/],
    ['a Word document', zip('word/document.xml'), 'a.xlsx', 'NOT_A_SPREADSHEET', /văn bản Word/],
    ['a broken workbook', zip('xl/workbook.xml'), 'a.xlsx', 'NOT_A_SPREADSHEET', /có dạng \.xlsx nhưng không đọc được/],
    ['an OpenDocument spreadsheet', zip('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'), 'a.ods', 'UNSUPPORTED_TYPE', /OpenDocument/],
    ['an Excel 97–2003 workbook', ole, 'a.xls', 'UNSUPPORTED_TYPE', /\.xls/],
    ['an Office 97–2003 file that is not .xls', ole, 'a.doc', 'NOT_A_SPREADSHEET', /Office 97–2003/],
    ['other binary content', Buffer.from([0x01, 0x02, 0x00, 0x03, 0x41]), 'a.csv', 'NOT_A_SPREADSHEET', /tệp nhị phân/],
    ['a quote never closed', Buffer.from(`${HEADER}\nI,1,"Nhiệm vụ A,Sở Nội vụ,,Báo cáo,Hằng năm\n`, 'utf8'), 'a.csv', 'MALFORMED', /ngoặc kép mở mà không đóng/],
  ];
  it.each(cases)('%s', async (_label, bytes, name, code, message) => {
    const result = await readAppendixTable(bytes, name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    expect(result.error.message).toContain(name);
  });
});

describe('readAppendixTable: XLSX', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-xlsx-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads the first sheet below a title: merged numbers repeat, merged headings stay headings, line breaks kept', async () => {
    const file = path.join(dir, 'phu-luc.xlsx');
    const layout = await writeAppendixXlsx(
      file,
      [
        ['', 'IV', 'Cải cách thủ tục hành chính, chuyển đổi số', null, null, null, null],
        ['', '1', 'Đẩy mạnh ứng dụng\ncông nghệ thông tin', 'BHXH thành phố', 'Sở Khoa học và Công nghệ', 'Hệ thống', 'Theo lộ trình'],
        ['', null, 'tại cơ sở', null, 'UBND các xã, phường, đặc khu', null, null],
        ['', 2, { richText: [{ text: 'Hướng dẫn ' }, { font: { bold: true }, text: 'người dân' }] }, { formula: 'D5', result: 'BHXH thành phố' }, null, 'Tài liệu', new Date(Date.UTC(2027, 5, 30))],
      ],
      { title: 'PHỤ LỤC NHIỆM VỤ', merge: ['C4:G4', 'B5:B6', 'D5:D6', 'G5:G6'], otherSheet: [['section', 'number'], ['X', 'Y']] },
    );
    expect(layout).toEqual({ headerRow: 3, firstDataRow: 4 });
    const result = await readAppendixTable(await fs.readFile(file), 'phu-luc.xlsx');
    expect(result).toMatchObject({ ok: true, format: 'xlsx', sheet: 'Phụ lục', delimiter: null, headerLine: 3 });
    expect(rowsOf(result).map((r) => [r.line, ...cells(r)])).toEqual([
      [4, '', 'IV', 'Cải cách thủ tục hành chính, chuyển đổi số', '', '', '', ''],
      [5, '', '1', 'Đẩy mạnh ứng dụng\ncông nghệ thông tin', 'BHXH thành phố', 'Sở Khoa học và Công nghệ', 'Hệ thống', 'Theo lộ trình'],
      [6, '', '1', 'tại cơ sở', 'BHXH thành phố', 'UBND các xã, phường, đặc khu', '', 'Theo lộ trình'],
      [7, '', '2', 'Hướng dẫn người dân', 'BHXH thành phố', '', 'Tài liệu', '30/06/2027'],
    ]);
  });

  it('stops at the last cell with a value, however far the formatting goes', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['section', 'number', 'task', 'lead', 'support', 'deliverable', 'timing']);
    sheet.addRow(['I', 1, 'A', 'Sở Nội vụ', null, 'Báo cáo', 'Hằng năm']);
    sheet.getCell('K60000').border = { top: { style: 'thin' } };
    const result = await readAppendixTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'dinh-dang.xlsx');
    expect(rowsOf(result).map((r) => [r.line, r.task, r.extraCells])).toEqual([[2, 'A', []]]);
  });

  it('reads a workbook named .csv by its content', async () => {
    const file = path.join(dir, 'nhầm-tên.csv');
    await writeAppendixXlsx(file, [['I', '1', 'A', 'Sở Nội vụ', null, 'Báo cáo', 'Hằng năm']]);
    const result = await readAppendixTable(await fs.readFile(file), 'nhầm-tên.csv');
    expect(result).toMatchObject({ ok: true, format: 'xlsx', headerLine: 1 });
  });

  it.each<[string, string[] | undefined, string[][], AppendixTableErrorCode, RegExp]>([
    ['wrong columns', ['TT', 'Nhiệm vụ', 'Chủ trì', 'Ghi chú'], [['1', 'A', 'B', 'C']], 'WRONG_COLUMNS', /thiếu cột "support", "deliverable", "timing"; cột không được hỗ trợ "Ghi chú"/],
    ['only a header', undefined, [], 'EMPTY', /chỉ có dòng tiêu đề/],
    [
      'a header after ten other rows',
      Array.from({ length: 7 }, (_, i) => `Dòng ${i}`),
      [...Array.from({ length: 10 }, (_, i) => [`ghi chú ${i}`]), ['section', 'number', 'task', 'lead', 'support', 'deliverable', 'timing']],
      'NO_HEADER',
      /10 dòng đầu/,
    ],
  ])('refuses a workbook with %s', async (_label, header, rows, code, message) => {
    const file = path.join(dir, `bad-${code}.xlsx`);
    await writeAppendixXlsx(file, rows, { header });
    const result = await readAppendixTable(await fs.readFile(file), 'bad.xlsx');
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});
