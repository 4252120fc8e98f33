import { checkSubmissionContent, parseVietnameseDate, type ContentInput, type DeliverableSpec } from './submission-content';

const report: DeliverableSpec = { kind: 'report', name: 'Báo cáo', metrics: [] };
const inspections: DeliverableSpec = { kind: 'report', name: 'Báo cáo kết quả', metrics: [{ code: 'inspections', name: 'Số cuộc thanh tra', unit: 'cuộc' }] };
const rate: DeliverableSpec = { kind: 'metric', name: 'Tỷ lệ', metrics: [{ code: 'rate', name: 'Tỷ lệ hồ sơ giao dịch điện tử', unit: '%' }] };
const portal: DeliverableSpec = { kind: 'link', name: 'Chuyên mục', metrics: [] };

type Over = Partial<Omit<ContentInput, 'fields'>> & { fields?: Record<string, string> };

function input(over: Over): ContentInput {
  return {
    deliverable: report,
    role: 'lead',
    fileCount: 1,
    today: '2026-11-25',
    ...over,
    fields: new Map(Object.entries(over.fields ?? {})),
  };
}

describe('parseVietnameseDate', () => {
  it.each([
    ['05/12/2026', '2026-12-05'],
    ['5/1/2026', '2026-01-05'],
    ['05.12.2026', '2026-12-05'],
    ['2026-12-05', '2026-12-05'],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2026', undefined],
    ['31/04/2026', undefined],
    ['12/2026', undefined],
    ['hôm nay', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseVietnameseDate(text)).toBe(expected);
  });
});

describe('checkSubmissionContent', () => {
  it.each<[string, Over, string[]]>([
    ['a report with a file', {}, []],
    ['a report without a file', { fileCount: 0 }, ['files: Sản phẩm "Báo cáo" cần ít nhất một tệp đính kèm (trường "files").']],
    ['a report with only a link', { fileCount: 0, fields: { link: 'https://example.vn/bao-cao' } }, ['files: Sản phẩm "Báo cáo" cần ít nhất một tệp đính kèm (trường "files").']],
    ['a link deliverable with a link', { deliverable: portal, fileCount: 0, fields: { link: 'https://haiphong.gov.vn/bhxh' } }, []],
    ['a link deliverable with nothing', { deliverable: portal, fileCount: 0 }, ['link: Sản phẩm "Chuyên mục" cần một đường dẫn (trường "link") hoặc một tệp.']],
    ['a javascript: link', { deliverable: portal, fileCount: 0, fields: { link: 'javascript:alert(1)' } }, ['link: Đường dẫn phải là địa chỉ http:// hoặc https:// hợp lệ.']],
    ['figures required with the report', { deliverable: inspections }, ['figures[inspections]: Chưa nhập số liệu "Số cuộc thanh tra".']],
    ['figures given the Vietnamese way', { deliverable: inspections, fields: { figures: '{"inspections": "1.204"}' } }, []],
    ['figures that are not JSON', { deliverable: inspections, fields: { figures: 'inspections=3' } }, ['figures: Trường "figures" phải là JSON, ví dụ {"inspections": 12}.']],
    ['figures on a row without metrics', { fields: { figures: '{"x": 1}' } }, ['figures: Nhiệm vụ này không có chỉ tiêu số liệu; bỏ trường "figures".']],
    ['a metric deliverable needs no file', { deliverable: rate, fileCount: 0, fields: { figures: '{"rate": "87,5%"}' } }, []],
    ['a percentage above 100', { deliverable: rate, fileCount: 0, fields: { figures: '{"rate": 120}' } }, ['figures[rate]: Tỷ lệ "Tỷ lệ hồ sơ giao dịch điện tử" phải nằm trong khoảng 0–100%.']],
    ['a support contribution with a note only', { role: 'support', deliverable: inspections, fileCount: 0, fields: { note: 'Đã phối hợp 3 cuộc.' } }, []],
    ['an empty support contribution', { role: 'support', fileCount: 0 }, ['files: Phần phối hợp cần có ít nhất một tệp, một ghi chú, một đường dẫn hoặc số liệu.']],
    ['a whitespace-only note is no note', { role: 'support', fileCount: 0, fields: { note: '   ' } }, ['files: Phần phối hợp cần có ít nhất một tệp, một ghi chú, một đường dẫn hoặc số liệu.']],
    ['an issue date in the future', { fields: { issuedOn: '26/11/2026' } }, ['issuedOn: Ngày ban hành không được sau ngày hôm nay.']],
    ['an impossible issue date', { fields: { issuedOn: '31/02/2026' } }, ['issuedOn: Ngày ban hành "31/02/2026" không hợp lệ (nhập dạng dd/mm/yyyy).']],
    ['a note too long', { fields: { note: 'x'.repeat(4001) } }, ['note: Ghi chú quá dài (tối đa 4.000 ký tự).']],
  ])('%s', (_name, over, expected) => {
    const result = checkSubmissionContent(input(over));
    const messages = result.ok ? [] : result.errors.map((e) => `${e.field}${e.code ? `[${e.code}]` : ''}: ${e.message}`);
    expect(messages).toEqual(expected);
  });

  it('returns the official document metadata, normalised', () => {
    const result = checkSubmissionContent(input({ fields: { documentNumber: ' 125/KH-UBND ', issuedOn: '05/11/2026', signer: 'Nguyễn Văn A', note: 'Gửi kèm kế hoạch.' } }));
    expect(result).toEqual({
      ok: true,
      content: { note: 'Gửi kèm kế hoạch.', link: null, document: { number: '125/KH-UBND', issuedOn: '2026-11-05', signer: 'Nguyễn Văn A' }, figures: [] },
    });
  });

  it('returns the parsed figures', () => {
    const result = checkSubmissionContent(input({ deliverable: inspections, fields: { figures: '[{"code":"inspections","value":12}]' } }));
    expect(result.ok && result.content.figures).toEqual([{ code: 'inspections', value: 12 }]);
  });
});
