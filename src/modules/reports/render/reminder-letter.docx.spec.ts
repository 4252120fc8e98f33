import JSZip from 'jszip';
import { type ReminderLetterModel } from '../report.model';
import { renderReminderLetterDocx } from './reminder-letter.docx';
import { documentTables, paragraphTexts, paragraphXml, sampleReminderLetter } from './sample-models';

interface Rendered {
  xml: string;
  lines: string[];
  tables: string[][][];
}

async function render(model: ReminderLetterModel): Promise<Rendered> {
  const zip = await JSZip.loadAsync(await renderReminderLetterDocx(model));
  const xml = await zip.file('word/document.xml')!.async('string');
  return { xml, lines: paragraphTexts(xml), tables: documentTables(xml) };
}

const OVERDUE_HEADER = ['TT', 'Nhiệm vụ', 'Sản phẩm', 'Kỳ', 'Hạn', 'Số ngày làm việc quá hạn'];
const V7 = 'V.7. Phối hợp theo dõi chặt chẽ việc chấp hành pháp luật về BHXH của các chủ đầu tư, doanh nghiệp xây dựng';

function overdueTable(tables: string[][][]): string[][] | undefined {
  return tables.find((rows) => rows[0].join('|') === OVERDUE_HEADER.join('|'));
}

describe('renderReminderLetterDocx', () => {
  let sample: Rendered;

  beforeAll(async () => {
    sample = await render(sampleReminderLetter());
  });

  it('is an A4 page with the margins of Nghị định 30, in Times New Roman', () => {
    expect(sample.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    expect(sample.xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/u);
    const fonts = new Set(Array.from(sample.xml.matchAll(/w:(?:ascii|hAnsi)="([^"]+)"/gu), (m) => m[1]));
    expect([...fonts]).toEqual(['Times New Roman']);
  });

  it('has the heading of the department under the city, with the subject under the number', () => {
    expect(sample.tables[0]).toEqual([
      ['ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nSỞ NỘI VỤ\n', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n'],
      [
        'Số:      /SNV-VP\nV/v đôn đốc thực hiện nhiệm vụ tại kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội ' +
          'trên địa bàn thành phố Hải Phòng đến năm 2030',
        'Hải Phòng, ngày      tháng      năm 20…',
      ],
    ]);
    expect(paragraphXml(sample.xml, 'SỞ NỘI VỤ')).toContain('<w:b/>');
    expect(paragraphXml(sample.xml, 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG')).not.toContain('<w:b/>');
    const subject = paragraphXml(sample.xml, sampleReminderLetter().subject)!;
    expect(subject).toContain('<w:sz w:val="24"/>');
    expect(subject).toContain('<w:jc w:val="center"/>');
  });

  it('dates the letter as Nghị định 30 writes dates', async () => {
    const model = sampleReminderLetter();
    const { lines } = await render({ ...model, heading: { ...model.heading, date: '2027-01-05' } });
    expect(lines).toContain('Hải Phòng, ngày 05 tháng 01 năm 2027');
  });

  it('addresses one agency on the "Kính gửi" line, several one per line', async () => {
    expect(sample.lines).toContain('Kính gửi: Sở Xây dựng thành phố Hải Phòng.');
    expect(paragraphXml(sample.xml, 'Kính gửi: Sở Xây dựng thành phố Hải Phòng.')).toContain('<w:jc w:val="center"/>');
    const { lines } = await render(
      sampleReminderLetter({ addressees: ['Giám đốc Sở Xây dựng', 'Chủ tịch UBND phường Hồng Bàng;'] }),
    );
    const at = lines.indexOf('Kính gửi:');
    expect(lines.slice(at, at + 3)).toEqual(['Kính gửi:', '- Giám đốc Sở Xây dựng;', '- Chủ tịch UBND phường Hồng Bàng.']);
  });

  it('cites the plan, without a number while it has none', async () => {
    expect(sample.lines).toContain(
      'Thực hiện Kế hoạch của Ủy ban nhân dân thành phố về phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn ' +
        'thành phố Hải Phòng đến năm 2030, Sở Nội vụ theo dõi, đôn đốc việc thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch.',
    );
    const model = sampleReminderLetter();
    const { lines } = await render({ ...model, plan: { ...model.plan, documentNumber: '125/KH-UBND', issuedOn: '2026-03-05' } });
    expect(lines.find((line) => line.startsWith('Thực hiện'))).toMatch(
      /^Thực hiện Kế hoạch số 125\/KH-UBND ngày 05\/03\/2026 của Ủy ban nhân dân thành phố về phát triển đối tượng/u,
    );
  });

  it('lists exactly the overdue tasks', () => {
    expect(sample.lines).toContain(
      'Theo dõi của Sở Nội vụ, đến ngày 14/12/2026, Sở Xây dựng còn 2 nhiệm vụ quá hạn chưa hoàn thành, cụ thể:',
    );
    expect(overdueTable(sample.tables)).toEqual([
      OVERDUE_HEADER,
      ['1', V7, 'Danh sách doanh nghiệp; kiến nghị xử lý', '6 tháng đầu năm 2026', '15/06/2026', '124'],
      ['2', V7, 'Danh sách doanh nghiệp; kiến nghị xử lý', '6 tháng cuối năm 2025', '15/12/2025', '248'],
    ]);
  });

  it('asks for the deliverables by the reply-by date and gives the contact', () => {
    const { lines } = sample;
    expect(lines).toContain(
      'Sở Nội vụ đề nghị Sở Xây dựng khẩn trương hoàn thành, gửi sản phẩm trước ngày 22/12/2026 để Sở Nội vụ tổng hợp, ' +
        'báo cáo Ủy ban nhân dân thành phố. Trường hợp có khó khăn, vướng mắc, đề nghị phản ánh bằng văn bản về Sở Nội vụ ' +
        'để được hướng dẫn, giải quyết.',
    );
    expect(lines).toContain(
      'Đầu mối liên hệ: Phòng Công chức, viên chức – Sở Nội vụ, thư điện tử phongccvc.snv@haiphong.gov.vn.',
    );
    expect(lines).toContain('Trân trọng./.');
    const request = lines.findIndex((line) => line.startsWith('Sở Nội vụ đề nghị'));
    expect(request).toBeGreaterThan(lines.indexOf('Theo dõi của Sở Nội vụ, đến ngày 14/12/2026, Sở Xây dựng còn 2 nhiệm vụ quá hạn chưa hoàn thành, cụ thể:'));
  });

  it('writes the contact without an e-mail, and no contact line without a contact', async () => {
    const withoutEmail = await render(sampleReminderLetter({ contact: { unit: 'Văn phòng Sở Nội vụ', email: null } }));
    expect(withoutEmail.lines).toContain('Đầu mối liên hệ: Văn phòng Sở Nội vụ.');
    const without = await render(sampleReminderLetter({ contact: null }));
    expect(without.lines.some((line) => line.startsWith('Đầu mối liên hệ'))).toBe(false);
  });

  it('closes with the recipients and the signer’s capacity, the name left blank', () => {
    const closing = sample.tables[sample.tables.length - 1];
    expect(closing[0][0].split('\n')).toEqual(['Nơi nhận:', '- Như trên;', '- UBND thành phố (để báo cáo);', '- Lưu: VT.']);
    expect(closing[0][1].split('\n')).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '', '', '', '']);
  });

  it('says there is nothing overdue instead of an empty table', async () => {
    const { lines, tables } = await render(sampleReminderLetter({ overdue: [] }));
    expect(lines).toContain('Theo dõi của Sở Nội vụ, đến ngày 14/12/2026, Sở Xây dựng không còn nhiệm vụ quá hạn chưa hoàn thành.');
    expect(overdueTable(tables)).toBeUndefined();
  });

  it('keeps text with XML markup escaped and intact', async () => {
    const hostile = `<script>alert("x")</script> & 'nháy' ]]>`;
    const model = sampleReminderLetter();
    const { xml, tables, lines } = await render({
      ...model,
      agency: { ...model.agency, name: `Sở ${hostile}` },
      overdue: [{ ...model.overdue[0], task: `Nhiệm vụ ${hostile}`, deliverable: `Sản phẩm ${hostile}` }],
    });
    expect(xml).not.toContain('<script>');
    expect(overdueTable(tables)![1]).toEqual([
      '1',
      `V.7. Nhiệm vụ ${hostile}`,
      `Sản phẩm ${hostile}`,
      '6 tháng đầu năm 2026',
      '15/06/2026',
      '124',
    ]);
    expect(lines).toContain(`Theo dõi của Sở Nội vụ, đến ngày 14/12/2026, Sở ${hostile} còn 1 nhiệm vụ quá hạn chưa hoàn thành, cụ thể:`);
  });
});
