import JSZip from 'jszip';
import { type AnnualReportModel } from '../report.model';
import { renderAnnualReportDocx } from './annual-report.docx';
import { formatDate, formatEnteredDate, formatInstantDate, formatVietnameseNumber } from './format';
import {
  UNCERTAIN_2030_NOTE,
  compliance,
  documentTables,
  paragraphTexts,
  paragraphXml,
  sampleAnnualReport,
  sampleFinalReport,
} from './sample-models';

interface Rendered {
  xml: string;
  lines: string[];
  tables: string[][][];
  zip: JSZip;
}

async function render(model: AnnualReportModel): Promise<Rendered> {
  const buffer = await renderAnnualReportDocx(model);
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  return { xml, lines: paragraphTexts(xml), tables: documentTables(xml), zip };
}

/** The table whose header row starts with these cells. */
function tableStartingWith(tables: string[][][], ...header: string[]): string[][] {
  const table = tables.find((rows) => header.every((cell, index) => rows[0]?.[index] === cell));
  if (!table) throw new Error(`No table with header ${header.join(' | ')}`);
  return table;
}

const SECTION_HEADINGS = [
  'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
  'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC',
  'III. SỐ LIỆU TỔNG HỢP TỪ CÁC CƠ QUAN',
  'IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN',
  'V. NHIỆM VỤ CHẬM, QUÁ HẠN',
  'VI. KHÓ KHĂN, VƯỚNG MẮC',
  'VII. ĐỀ XUẤT, KIẾN NGHỊ',
];

describe('Vietnamese number and date formatting', () => {
  it.each([
    [1_184_000, undefined, '1.184.000'],
    [99_000, undefined, '99.000'],
    [1_000, undefined, '1.000'],
    [87.5, undefined, '87,5'],
    [100, undefined, '100'],
    [83.333333, undefined, '83,33'],
    [87.5, 2, '87,50'],
    [3, 1, '3,0'],
    [0, undefined, '0'],
    [-1234.5, 1, '-1.234,5'],
  ])('%p (%p decimals) is written %p', (value, digits, written) => {
    expect(formatVietnameseNumber(value, digits)).toBe(written);
  });

  it('refuses to print NaN or Infinity', () => {
    expect(() => formatVietnameseNumber(Number.NaN)).toThrow(TypeError);
    expect(() => formatVietnameseNumber(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('writes calendar days dd/mm/yyyy and instants on the Hải Phòng calendar', () => {
    expect(formatDate('2026-01-05')).toBe('05/01/2026');
    expect(formatInstantDate('2026-12-31T16:59:59.999Z')).toBe('31/12/2026');
    expect(formatInstantDate('2026-12-31T17:00:00.000Z')).toBe('01/01/2027');
    expect(formatInstantDate(new Date('2026-06-04T02:00:00.000Z'))).toBe('04/06/2026');
    expect(() => formatInstantDate('not a date')).toThrow(TypeError);
  });

  it('writes an entered date dd/mm/yyyy when it is a real day, else as typed', () => {
    expect(formatEnteredDate('2026-06-03')).toBe('03/06/2026');
    expect(formatEnteredDate('03/6/2026')).toBe('03/6/2026');
  });
});

describe('renderAnnualReportDocx', () => {
  let sample: Rendered;

  beforeAll(async () => {
    sample = await render(sampleAnnualReport());
  });

  describe('layout of Nghị định 30/2020/NĐ-CP', () => {
    it('is an A4 page with margins 20/20/30/15 mm', () => {
      const sectPr = /<w:sectPr>[\s\S]*<\/w:sectPr>/u.exec(sample.xml)?.[0] ?? '';
      expect(sectPr).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
      expect(sectPr).toMatch(/w:top="1134"/u);
      expect(sectPr).toMatch(/w:bottom="1134"/u);
      expect(sectPr).toMatch(/w:left="1701"/u);
      expect(sectPr).toMatch(/w:right="850"/u);
      expect(sectPr).toContain('<w:titlePg/>');
    });

    it('uses Times New Roman everywhere, 14 pt by default', async () => {
      const fonts = new Set(Array.from(sample.xml.matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/gu), (m) => m[1]));
      expect([...fonts]).toEqual(['Times New Roman']);
      const styles = await sample.zip.file('word/styles.xml')!.async('string');
      const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/u.exec(styles)?.[0] ?? '';
      expect(defaults).toContain('w:ascii="Times New Roman"');
      expect(defaults).toContain('<w:sz w:val="28"/>');
    });

    it('writes the heading: issuing body, national motto, blank number, place and date', () => {
      const { lines, xml } = sample;
      expect(lines).toEqual(
        expect.arrayContaining([
          'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'Độc lập - Tự do - Hạnh phúc',
          'Số:      /BC-UBND',
          'Hải Phòng, ngày 15 tháng 12 năm 2026',
        ]),
      );
      const issuer = paragraphXml(xml, 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG')!;
      expect(issuer).toContain('<w:b/>');
      expect(issuer).toContain('<w:sz w:val="26"/>');
      expect(paragraphXml(xml, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toContain('<w:sz w:val="26"/>');
      const motto = paragraphXml(xml, 'Độc lập - Tự do - Hạnh phúc')!;
      expect(motto).toContain('<w:b/>');
      expect(motto).toContain('<w:sz w:val="28"/>');
      const date = paragraphXml(xml, 'Hải Phòng, ngày 15 tháng 12 năm 2026')!;
      expect(date).toContain('<w:i/>');
      expect(date).toContain('<w:jc w:val="center"/>');
      // The short lines under the issuing body, the motto and the title.
      expect(xml.match(/<w:pBdr><w:bottom w:val="single"/gu)).toHaveLength(3);
    });

    it('puts the heading side by side in a borderless table', () => {
      const heading = sample.tables[0];
      expect(heading).toEqual([
        ['ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\n', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n'],
        ['Số:      /BC-UBND', 'Hải Phòng, ngày 15 tháng 12 năm 2026'],
      ]);
      const headingXml = /<w:tbl>[\s\S]*?<\/w:tbl>/u.exec(sample.xml)![0];
      expect(headingXml).toMatch(/<w:tblBorders><w:top w:val="none"/u);
    });

    it.each([
      ['2027-01-05', 'Hải Phòng, ngày 05 tháng 01 năm 2027'],
      ['2026-02-28', 'Hải Phòng, ngày 28 tháng 02 năm 2026'],
      ['2026-03-09', 'Hải Phòng, ngày 09 tháng 3 năm 2026'],
      ['2026-12-15', 'Hải Phòng, ngày 15 tháng 12 năm 2026'],
      [null, 'Hải Phòng, ngày      tháng      năm 20…'],
    ])('dates the document %p as "%s"', async (date, line) => {
      const model = sampleAnnualReport();
      const { lines } = await render({ ...model, heading: { ...model.heading, date } });
      expect(lines).toContain(line);
    });

    it('writes the parent body above the issuing body, in regular type', async () => {
      const model = sampleAnnualReport();
      const { tables, xml } = await render({
        ...model,
        heading: { ...model.heading, parentBody: 'Ủy ban nhân dân thành phố Hải Phòng', issuingBody: 'Sở Nội vụ', numberSymbol: 'BC-SNV' },
      });
      expect(tables[0][0][0]).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nSỞ NỘI VỤ\n');
      expect(tables[0][1][0]).toBe('Số:      /BC-SNV');
      expect(paragraphXml(xml, 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG')).not.toContain('<w:b/>');
      expect(paragraphXml(xml, 'SỞ NỘI VỤ')).toContain('<w:b/>');
    });

    it('writes body paragraphs justified, first line indented 1.27 cm, 6 pt before and after', () => {
      const opening = sample.lines.find((line) => line.startsWith('Thực hiện Kế hoạch'))!;
      const xml = paragraphXml(sample.xml, opening)!;
      expect(xml).toContain('<w:jc w:val="both"/>');
      expect(xml).toContain('<w:ind w:firstLine="720"/>');
      expect(xml).toMatch(/<w:spacing w:before="120" w:after="120" w:line="276" w:lineRule="auto"\/>/u);
    });

    it('closes with the recipients and the signature block', () => {
      const closing = sample.tables[sample.tables.length - 1];
      expect(closing).toHaveLength(1);
      const [recipients, signature] = closing[0];
      expect(recipients.split('\n')).toEqual([
        'Nơi nhận:',
        '- Bộ Nội vụ;',
        '- Bộ Tài chính;',
        '- TT Thành ủy, TT HĐND thành phố;',
        '- Chủ tịch, các PCT UBND thành phố;',
        '- Sở Nội vụ;',
        '- BHXH thành phố;',
        '- Lưu: VT.',
      ]);
      expect(signature.split('\n')).toEqual([
        'TM. ỦY BAN NHÂN DÂN',
        'KT. CHỦ TỊCH',
        'PHÓ CHỦ TỊCH',
        '',
        '',
        '',
        '',
        'Nguyễn Văn Tùng',
      ]);
      const title = paragraphXml(sample.xml, 'Nơi nhận:')!;
      expect(title).toContain('<w:b/>');
      expect(title).toContain('<w:i/>');
      expect(title).toContain('<w:sz w:val="24"/>');
      expect(paragraphXml(sample.xml, '- Bộ Nội vụ;')).toContain('<w:sz w:val="22"/>');
      expect(paragraphXml(sample.xml, 'KT. CHỦ TỊCH')).toContain('<w:b/>');
      expect(paragraphXml(sample.xml, 'Nguyễn Văn Tùng')).toContain('<w:b/>');
    });

    it('leaves the signer blank when there is no name yet', async () => {
      const model = sampleAnnualReport({ signature: { capacity: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: null } });
      const { tables, lines } = await render(model);
      expect(tables[tables.length - 1][0][1].split('\n')).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', '', '', '', '', '']);
      expect(lines).not.toContain('Nguyễn Văn Tùng');
    });
  });

  describe('content', () => {
    it('has the title, the cut-off, the legal bases and the opening', () => {
      const { lines, xml } = sample;
      const title = sampleAnnualReport().title;
      const start = lines.indexOf('BÁO CÁO');
      expect(lines.slice(start, start + 3)).toEqual([
        'BÁO CÁO',
        title,
        '(Số liệu tính đến hết ngày 14/12/2026)',
      ]);
      expect(paragraphXml(xml, 'BÁO CÁO')).toContain('<w:b/>');
      expect(paragraphXml(xml, title)).toContain('<w:b/>');
      expect(paragraphXml(xml, '(Số liệu tính đến hết ngày 14/12/2026)')).toContain('<w:i/>');
      expect(lines).toContain(
        'Căn cứ Nghị quyết 403/NQ-CP ngày 10/12/2025 của Chính phủ về giao chỉ tiêu phát triển đối tượng tham gia BHXH đến năm 2030;',
      );
      expect(lines).toContain('Căn cứ Luật Việc làm 2025;');
      expect(lines).toContain(
        'Thực hiện Kế hoạch của Ủy ban nhân dân thành phố Hải Phòng về phát triển đối tượng tham gia bảo hiểm xã hội ' +
          'trên địa bàn thành phố Hải Phòng đến năm 2030; trên cơ sở báo cáo của các cơ quan, đơn vị và số liệu theo dõi ' +
          'đến hết ngày 14/12/2026, kết quả thực hiện Kế hoạch năm 2026 như sau:',
      );
      expect(lines).toContain(`Trên đây là báo cáo ${title.replace(/^K/u, 'k')}./.`);
    });

    it('cites the plan by number and date once it has them', async () => {
      const model = sampleAnnualReport();
      const { lines } = await render({ ...model, plan: { ...model.plan, documentNumber: '125/KH-UBND', issuedOn: '2026-03-05' } });
      expect(lines.find((line) => line.startsWith('Thực hiện'))).toMatch(
        /^Thực hiện Kế hoạch số 125\/KH-UBND ngày 05\/03\/2026 của Ủy ban nhân dân thành phố Hải Phòng về phát triển đối tượng/u,
      );
    });

    it('has every section heading, in order, in bold', () => {
      const positions = SECTION_HEADINGS.map((heading) => sample.lines.indexOf(heading));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      for (const heading of SECTION_HEADINGS) expect(paragraphXml(sample.xml, heading)).toContain('<w:b/>');
    });

    it('I: the year’s targets, results and assessment', () => {
      const table = tableStartingWith(sample.tables, 'TT', 'Chỉ tiêu', 'Đơn vị');
      expect(table).toEqual([
        ['TT', 'Chỉ tiêu', 'Đơn vị', 'Chỉ tiêu năm 2026', 'Thực hiện', 'Tỷ lệ so với chỉ tiêu (%)', 'Đánh giá'],
        [
          '1',
          'Tổng số người tham gia BHXH',
          'người',
          '1.184.000',
          '1.152.340\n(đến 30/11/2026)\nNguồn: BHXH thành phố',
          '97,3',
          'Chưa đạt',
        ],
        [
          '2',
          'Số người tham gia BHXH tự nguyện (tối thiểu)',
          'người',
          '99.000',
          '101.250\n(đến 30/11/2026)\nNguồn: BHXH thành phố',
          '102,3',
          'Đạt',
        ],
      ]);
    });

    it('I: the header row is bold and repeated on each page; cells are 12 pt', () => {
      const tableXml = sample.xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/gu)!.find((t) => t.includes('Chỉ tiêu năm 2026'))!;
      const headerRow = /<w:tr>[\s\S]*?<\/w:tr>/u.exec(tableXml)![0];
      expect(headerRow).toContain('<w:tblHeader/>');
      expect(headerRow).toContain('<w:b/>');
      expect(tableXml).toContain('<w:sz w:val="24"/>');
      expect(tableXml).toMatch(/<w:tblBorders><w:top w:val="single"/u);
    });

    it('I: a missing result shows "—" and "Chưa có số liệu"; a name that says its kind is not repeated', async () => {
      const model = sampleAnnualReport();
      const [total, voluntary] = model.targets;
      const { tables } = await render({
        ...model,
        targets: [
          { ...total, actual: null, actualAsOf: null, actualSource: null, percentOfTarget: null, met: null },
          { ...voluntary, indicatorName: 'Số người tham gia BHXH tự nguyện (tối thiểu)', targetKind: 'minimum' },
        ],
      });
      const table = tableStartingWith(tables, 'TT', 'Chỉ tiêu', 'Đơn vị');
      expect(table[1]).toEqual(['1', 'Tổng số người tham gia BHXH', 'người', '1.184.000', '—', '—', 'Chưa có số liệu']);
      expect(table[2][1]).toBe('Số người tham gia BHXH tự nguyện (tối thiểu)');
    });

    it('II: one heading per section, marked when its title is inferred', () => {
      const { lines } = sample;
      expect(lines).toContain('1. Công tác chỉ đạo, điều hành (tên mục suy ra)');
      expect(lines).toContain('2. Công tác tuyên truyền, vận động (tên mục suy ra)');
      expect(lines).toContain('3. Nâng cao hiệu lực quản lý nhà nước, thanh tra, kiểm tra');
      expect(lines).toContain('4. Công tác báo cáo');
      const note = 'Tên mục suy ra từ phần III.3 của kế hoạch; các dòng 1–5 không có trong bản quét.';
      expect(lines[lines.indexOf('2. Công tác tuyên truyền, vận động (tên mục suy ra)') + 1]).toBe(note);
      expect(paragraphXml(sample.xml, note)).toContain('<w:i/>');
      expect(lines).toContain(
        'Tổng số 4 nhiệm vụ, trong đó: hoàn thành đúng hạn 1; hoàn thành quá hạn 1; đang thực hiện trong hạn 1; ' +
          'quá hạn chưa hoàn thành 1. Tỷ lệ hoàn thành đúng hạn: 50%.',
      );
    });

    it('II: a section without rows says so, with its note when it has one', async () => {
      expect(sample.lines[sample.lines.indexOf('1. Công tác chỉ đạo, điều hành (tên mục suy ra)') + 1]).toBe(
        'Tên mục suy ra từ phần III.1 của kế hoạch; các dòng của mục này không có trong bản quét.',
      );
      const model = sampleAnnualReport();
      const { lines } = await render({ ...model, sections: [{ ...model.sections[0], note: null }] });
      expect(lines[lines.indexOf('1. Công tác chỉ đạo, điều hành (tên mục suy ra)') + 1]).toBe(
        'Các dòng của mục này không có trong bản kế hoạch được chép.',
      );
    });

    it('II: each row with its parties, deliverable, timing and the plan’s marks', () => {
      const { lines, xml } = sample;
      const title = 'III.12. Triển khai "Tháng vận động triển khai BHXH toàn dân"';
      expect(paragraphXml(xml, title)).toContain('<w:b/>');
      expect(lines[lines.indexOf(title) + 1]).toBe(
        'Cơ quan chủ trì: BHXH thành phố, BHXH cơ sở; phối hợp: Sở Nội vụ, UBND các xã, phường, đặc khu; ' +
          'sản phẩm: Kế hoạch, báo cáo thực hiện hằng năm; thời gian: Tháng 5 (hằng năm).',
      );
      const uncertain = 'III.6. … về phát triển người tham gia BHXH';
      expect(lines[lines.indexOf(uncertain) + 1]).toBe('(Dòng phụ lục chưa chắc chắn theo bản quét)');
      expect(paragraphXml(xml, '(Dòng phụ lục chưa chắc chắn theo bản quét)')).toContain('<w:i/>');
      expect(lines[lines.indexOf('III.11. Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở') + 1]).toMatch(
        /^Cơ quan chủ trì: UBND các xã, phường, đặc khu; phối hợp: BHXH cơ sở;/u,
      );
    });

    it('II: a row’s instances with what each agency delivered', async () => {
      const table = sample.tables.find((rows) => rows.some((row) => row[1] === 'Tháng 5/2026'))!;
      expect(table).toEqual([
        ['Cơ quan', 'Kỳ', 'Hạn', 'Tình trạng', 'Sản phẩm đã gửi'],
        [
          'BHXH thành phố',
          'Tháng 5/2026',
          '29/05/2026',
          'Hoàn thành đúng hạn',
          'Lần 1, 25/05/2026; số 215/KH-BHXH ngày 20/05/2026; tệp: Ke hoach thang van dong 2026.pdf; ' +
            'https://baohiemxahoi.gov.vn/haiphong/thang-van-dong-2026',
        ],
        [
          'UBND phường Hồng Bàng (phối hợp)',
          'Tháng 5/2026',
          '29/05/2026',
          'Hoàn thành quá hạn',
          'Lần 1, 02/06/2026; tệp: Bao cao thang 5.docx\n' +
            'Lần 2, 04/06/2026; số 88/BC-UBND ngày 03/06/2026; tệp: Bao cao thang 5 (bo sung).docx, Danh sach nguoi tham gia.xlsx',
        ],
      ]);
      const rels = await sample.zip.file('word/_rels/document.xml.rels')!.async('string');
      expect(rels).toMatch(/Target="https:\/\/baohiemxahoi\.gov\.vn\/haiphong\/thang-van-dong-2026" TargetMode="External"/u);
      expect(sample.xml).toContain('<w:hyperlink');
    });

    it('II: a link that is not http(s) is printed, not made clickable', async () => {
      const model = sampleAnnualReport();
      const row = model.sections[1].rows[2];
      const instance = { ...row.instances[0], submissions: [{ ...row.instances[0].submissions[0], link: 'javascript:alert(1)' }] };
      const { xml } = await render({
        ...model,
        sections: [{ ...model.sections[1], rows: [{ ...row, instances: [instance] }] }],
      });
      expect(paragraphTexts(xml).some((line) => line.endsWith('; javascript:alert(1)'))).toBe(true);
      expect(xml).not.toContain('<w:hyperlink');
    });

    it('III: figures added up across agencies, percentages as a mean', () => {
      expect(tableStartingWith(sample.tables, 'Dòng', 'Số liệu')).toEqual([
        ['Dòng', 'Số liệu', 'Đơn vị', 'Tổng hợp', 'Số cơ quan báo cáo'],
        ['III.11', 'Số hoạt động tuyên truyền', 'hoạt động', '1.275', '86'],
        ['IV.4', 'Tỷ lệ hồ sơ giao dịch điện tử', '%', '87,5 (bình quân)', '12'],
      ]);
    });

    it('IV: the plan totals and one row per agency, with a total row in bold', () => {
      expect(sample.lines).toContain(
        'Toàn Kế hoạch: tổng số 9 nhiệm vụ, trong đó: hoàn thành đúng hạn 1; hoàn thành quá hạn 1; ' +
          'đang thực hiện trong hạn 5; quá hạn chưa hoàn thành 2 (ngoài ra có 1 nhiệm vụ được miễn). ' +
          'Tỷ lệ hoàn thành đúng hạn: 50%. Số ngày làm việc chậm bình quân: 83,7 ngày.',
      );
      expect(tableStartingWith(sample.tables, 'TT', 'Cơ quan', 'Hoàn thành đúng hạn')).toEqual([
        [
          'TT',
          'Cơ quan',
          'Hoàn thành đúng hạn',
          'Hoàn thành quá hạn',
          'Đang thực hiện trong hạn',
          'Quá hạn chưa hoàn thành',
          'Tỷ lệ đúng hạn (%)',
        ],
        ['1', 'BHXH thành phố', '1', '0', '1', '0', '100'],
        ['2', 'Sở Khoa học và Công nghệ', '0', '0', '1', '0', '—'],
        ['3', 'Sở Nội vụ', '0', '0', '1', '0', '—'],
        ['4', 'Sở Xây dựng', '0', '0', '1', '1', '—'],
        ['5', 'UBND phường Hồng Bàng', '0', '1', '0', '1', '0'],
        ['', 'Tổng cộng', '1', '1', '5', '2', '50'],
      ]);
      expect(paragraphXml(sample.xml, 'Tổng cộng')).toContain('<w:b/>');
    });

    it('IV: says when nothing is done yet and nothing is late', async () => {
      const { lines } = await render(sampleAnnualReport({ compliance: compliance({ inProgressOnTime: 3 }) }));
      expect(lines).toContain(
        'Toàn Kế hoạch: tổng số 3 nhiệm vụ, trong đó: hoàn thành đúng hạn 0; hoàn thành quá hạn 0; ' +
          'đang thực hiện trong hạn 3; quá hạn chưa hoàn thành 0. ' +
          'Chưa có nhiệm vụ hoàn thành để tính tỷ lệ hoàn thành đúng hạn. Không có nhiệm vụ chậm so với hạn.',
      );
    });

    it('V: the late tasks with their working days late', () => {
      expect(tableStartingWith(sample.tables, 'TT', 'Cơ quan', 'Nhiệm vụ')).toEqual([
        ['TT', 'Cơ quan', 'Nhiệm vụ', 'Kỳ', 'Hạn', 'Số ngày làm việc quá hạn'],
        [
          '1',
          'Sở Xây dựng',
          'V.7. Phối hợp theo dõi chặt chẽ việc chấp hành pháp luật về BHXH của các chủ đầu tư, doanh nghiệp xây dựng',
          '6 tháng đầu năm 2026',
          '15/06/2026',
          '124',
        ],
        [
          '2',
          'UBND phường Hồng Bàng',
          'III.11. Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở',
          '6 tháng đầu năm 2026',
          '15/06/2026',
          '124',
        ],
      ]);
    });

    it('VI: the difficulties the agencies wrote, dated in Hải Phòng time', async () => {
      expect(sample.lines).toContain(
        '- UBND phường Hồng Bàng (III.12, 04/06/2026): Thiếu kinh phí in tờ rơi; đề nghị BHXH thành phố hỗ trợ tài liệu tuyên truyền.',
      );
      const { lines } = await render(
        sampleAnnualReport({
          difficulties: [{ agencyName: 'Sở Xây dựng', rowKey: 'V.7', submittedAt: '2026-06-30T17:30:00.000Z', note: 'Chưa có dữ liệu.' }],
        }),
      );
      expect(lines).toContain('- Sở Xây dựng (V.7, 01/07/2026): Chưa có dữ liệu.');
    });

    it('VII: a highlighted placeholder and room for the officer to write', () => {
      const { lines, xml } = sample;
      const placeholder = '[Sở Nội vụ bổ sung đề xuất, kiến nghị]';
      const at = lines.indexOf('VII. ĐỀ XUẤT, KIẾN NGHỊ');
      expect(lines.slice(at + 1, at + 4)).toEqual([placeholder, '', '']);
      expect(paragraphXml(xml, placeholder)).toContain('<w:highlight w:val="yellow"/>');
      expect(xml.match(/<w:highlight /gu)).toHaveLength(1);
    });

    it('says so when there is nothing to list', async () => {
      const { lines, tables } = await render(
        sampleAnnualReport({ targets: [], figures: [], agencies: [], late: [], difficulties: [] }),
      );
      expect(lines).toContain('Kế hoạch chưa có chỉ tiêu định lượng để đánh giá.');
      expect(lines).toContain('Chưa có cơ quan nào báo cáo số liệu.');
      expect(lines).toContain('Chưa có cơ quan nào được giao nhiệm vụ.');
      expect(lines).toContain('Không có nhiệm vụ quá hạn.');
      expect(lines).toContain('Các cơ quan chưa phản ánh khó khăn, vướng mắc.');
      expect(tables.some((rows) => rows[0][0] === 'Dòng' || rows[0][2] === 'Nhiệm vụ')).toBe(false);
      for (const heading of SECTION_HEADINGS) expect(lines).toContain(heading);
    });

    it('says so when a row has no agency yet and when an instance has nothing delivered', async () => {
      const model = sampleAnnualReport();
      const row = { ...model.sections[2].rows[0], instances: [] };
      const { lines } = await render({ ...model, sections: [{ ...model.sections[2], rows: [row] }] });
      expect(lines[lines.indexOf('V.1. Khảo sát mức độ hài lòng của người dân, tổ chức') + 2]).toBe('Chưa giao cho cơ quan nào.');
    });
  });

  describe('text from agencies', () => {
    const hostile = `<script>alert("x")</script> & 'nháy' "kép" ]]> <w:t>`;

    it('comes out escaped and intact in tasks, notes, file names and names', async () => {
      const model = sampleAnnualReport();
      const section = model.sections[1];
      const row = section.rows[2];
      const submission = { ...row.instances[0].submissions[0], fileNames: [`Báo cáo ${hostile}.pdf`], documentNumber: `12/${hostile}` };
      const { xml, lines, tables } = await render({
        ...model,
        sections: [
          {
            ...section,
            note: `Ghi chú ${hostile}`,
            rows: [{ ...row, task: `Nhiệm vụ ${hostile}`, instances: [{ ...row.instances[0], submissions: [submission] }] }],
          },
        ],
        late: [{ ...model.late[0], task: `Nhiệm vụ ${hostile}`, agencyName: `Cơ quan ${hostile}` }],
        difficulties: [{ ...model.difficulties[0], note: `Vướng mắc ${hostile}` }],
      });
      expect(xml).not.toContain('<script>');
      expect(xml).toContain('&lt;script&gt;');
      expect(lines).toContain(`III.12. Nhiệm vụ ${hostile}`);
      expect(lines).toContain(`Ghi chú ${hostile}`);
      expect(lines).toContain(`- UBND phường Hồng Bàng (III.12, 04/06/2026): Vướng mắc ${hostile}`);
      expect(lines.some((line) => line.includes(`số 12/${hostile} ngày 20/05/2026; tệp: Báo cáo ${hostile}.pdf;`))).toBe(true);
      expect(tableStartingWith(tables, 'TT', 'Cơ quan', 'Nhiệm vụ')[1].slice(1, 3)).toEqual([
        `Cơ quan ${hostile}`,
        `V.7. Nhiệm vụ ${hostile}`,
      ]);
    });

    it('comes out escaped in the title and the document properties', async () => {
      const { lines, zip } = await render(sampleAnnualReport({ title: `Kết quả ${hostile}` }));
      expect(lines).toContain(`Kết quả ${hostile}`);
      const core = await zip.file('docProps/core.xml')!.async('string');
      expect(core).not.toContain('<script>');
      expect(core).toContain('Kết quả &lt;script&gt;');
    });
  });

  describe('final report', () => {
    let final: Rendered;

    beforeAll(async () => {
      final = await render(sampleFinalReport());
    });

    it('speaks of the whole period 2026–2030', () => {
      const title = sampleFinalReport().title;
      expect(final.lines).toContain(title);
      expect(final.lines).toContain('(Số liệu tính đến hết ngày 14/12/2030)');
      expect(final.lines.find((line) => line.startsWith('Thực hiện'))).toMatch(
        /kết quả tổng kết thực hiện Kế hoạch giai đoạn 2026–2030 như sau:$/u,
      );
      expect(final.lines).toContain('Hải Phòng, ngày      tháng      năm 20…');
    });

    it('lists every indicator for every year, with the plan’s mark on 2030', () => {
      const table = tableStartingWith(final.tables, 'TT', 'Chỉ tiêu', 'Năm');
      expect(table[0]).toEqual([
        'TT',
        'Chỉ tiêu',
        'Năm',
        'Đơn vị',
        'Chỉ tiêu được giao',
        'Thực hiện',
        'Tỷ lệ so với chỉ tiêu (%)',
        'Đánh giá',
      ]);
      expect(table.slice(1).map((row) => [row[1], row[2], row[4]])).toEqual([
        ['Tổng số người tham gia BHXH', '2026', '1.184.000'],
        ['Tổng số người tham gia BHXH', '2027', '1.267.000'],
        ['Tổng số người tham gia BHXH', '2028', '1.355.000'],
        ['Tổng số người tham gia BHXH', '2029', '1.450.000'],
        ['Tổng số người tham gia BHXH', '2030', '1.551.000 (1)'],
        ['Số người tham gia BHXH tự nguyện (tối thiểu)', '2026', '99.000'],
        ['Số người tham gia BHXH tự nguyện (tối thiểu)', '2027', '105.000'],
        ['Số người tham gia BHXH tự nguyện (tối thiểu)', '2028', '111.000'],
        ['Số người tham gia BHXH tự nguyện (tối thiểu)', '2029', '118.000'],
        ['Số người tham gia BHXH tự nguyện (tối thiểu)', '2030', '125.000'],
      ]);
      expect(table[3]).toEqual([
        '3',
        'Tổng số người tham gia BHXH',
        '2028',
        'người',
        '1.355.000',
        '1.349.800\n(đến 30/11/2028)\nNguồn: BHXH thành phố',
        '99,6',
        'Chưa đạt',
      ]);
      const note = `(1) Chỉ tiêu năm 2030 chưa chắc chắn (Tổng số người tham gia BHXH): ${UNCERTAIN_2030_NOTE}`;
      expect(final.lines).toContain(note);
      expect(paragraphXml(final.xml, note)).toContain('<w:i/>');
    });

    it('numbers the notes of several marked targets in table order', async () => {
      const model = sampleFinalReport();
      const targets = model.targets.map((t) =>
        t.indicatorCode === 'participants_voluntary' && t.year === 2027
          ? { ...t, targetProvenance: 'inferred', targetNote: null }
          : t,
      );
      const { lines, tables } = await render({ ...model, targets });
      const table = tableStartingWith(tables, 'TT', 'Chỉ tiêu', 'Năm');
      expect(table[5][4]).toBe('1.551.000 (1)');
      expect(table[7][4]).toBe('105.000 (2)');
      expect(lines).toContain('(2) Chỉ tiêu năm 2027 suy ra (Số người tham gia BHXH tự nguyện).');
    });

    it('keeps a line for a year the model has no target for', async () => {
      const model = sampleFinalReport();
      const targets = model.targets.filter((t) => !(t.indicatorCode === 'participants_voluntary' && t.year === 2029));
      const { tables } = await render({ ...model, targets });
      const table = tableStartingWith(tables, 'TT', 'Chỉ tiêu', 'Năm');
      expect(table).toHaveLength(11);
      expect(table[9]).toEqual([
        '9',
        'Số người tham gia BHXH tự nguyện (tối thiểu)',
        '2029',
        'người',
        '—',
        '—',
        '—',
        'Chưa có số liệu',
      ]);
    });
  });
});
