import { asciiFileName, contentDisposition, sanitizeFileName } from './file-names';

describe('sanitizeFileName', () => {
  it.each([
    ['keeps a Vietnamese name', 'Báo cáo quý IV.pdf', 'Báo cáo quý IV.pdf'],
    ['composes decomposed marks (NFC)', 'Ba\u0301o ca\u0301o.pdf', 'Báo cáo.pdf'],
    ['keeps đ and stacked marks', 'Đề án chuyển đổi số — bản cuối.docx', 'Đề án chuyển đổi số — bản cuối.docx'],
    ['drops a relative path', '../../etc/passwd', 'passwd'],
    ['drops a Windows path', 'C:\\Users\\Lan\\Desktop\\Kế hoạch.xlsx', 'Kế hoạch.xlsx'],
    ['drops a drive letter without a slash', 'C:báo-cáo.pdf', 'Cbáo-cáo.pdf'],
    ['removes reserved characters', 'Báo cáo: "quý" <IV> | 2025? *.pdf', 'Báo cáo quý IV 2025.pdf'],
    ['removes control characters and NUL', 'bao\u0000cao\r\n\t.pdf', 'baocao.pdf'],
    ['removes a right-to-left override', 'hoa-don\u202Efdp.exe', 'hoa-donfdp.exe'],
    ['collapses runs of spaces', 'Báo    cáo.pdf', 'Báo cáo.pdf'],
    ['trims dots and spaces at both ends', '  ..bí mật.pdf. . ', 'bí mật.pdf'],
    ['prefixes a reserved device name', 'CON.txt', '_CON.txt'],
    ['prefixes a reserved device name with a number', 'lpt1', '_lpt1'],
    ['leaves a name that only starts like one', 'CONSOLE.txt', 'CONSOLE.txt'],
    ['defaults when nothing is left', '../..', 'tep-tai-len'],
    ['defaults for an empty name', '', 'tep-tai-len'],
    ['defaults for reserved characters only', '<>:"|?*', 'tep-tai-len'],
  ])('%s', (_label, original, expected) => {
    expect(sanitizeFileName(original)).toBe(expected);
  });

  it('limits the name to 200 bytes of UTF-8, keeping the extension and whole characters', () => {
    // "ễ" is 3 bytes in UTF-8 (U+1EC5); 100 of them are 300 bytes.
    const name = sanitizeFileName(`${'ễ'.repeat(100)}.pdf`);
    expect(name).toBe(`${'ễ'.repeat(65)}.pdf`); // 65 × 3 + 4 = 199 ≤ 200; a 66th would make 202
    expect(Buffer.byteLength(name, 'utf8')).toBe(199);
  });

  it('cuts on a character boundary when the bytes do not divide evenly', () => {
    const name = sanitizeFileName(`a${'ễ'.repeat(100)}`); // 1 + 3n ≤ 200 → n = 66
    expect(name).toBe(`a${'ễ'.repeat(66)}`);
    expect(name).not.toContain('\uFFFD');
  });

  it('treats a very long "extension" as part of the name', () => {
    const name = sanitizeFileName(`x.${'y'.repeat(300)}`);
    expect(Buffer.byteLength(name, 'utf8')).toBe(200);
    expect(name.startsWith('x.yyy')).toBe(true);
  });

  it.each(['Báo cáo quý IV.pdf', '../a/CON.txt', ` ${'ễ'.repeat(90)}.docx `, 'x\u202E.exe'])('is idempotent for %j', (original) => {
    const once = sanitizeFileName(original);
    expect(sanitizeFileName(once)).toBe(once);
  });
});

describe('asciiFileName', () => {
  it.each([
    ['Báo cáo quý IV.pdf', 'Bao cao quy IV.pdf'],
    ['Đề án ĐỔI MỚI.docx', 'De an DOI MOI.docx'],
    ['Tổng hợp — 2025.xlsx', 'Tong hop _ 2025.xlsx'],
    ['报告.pdf', '__.pdf'],
  ])('%s → %s', (name, expected) => expect(asciiFileName(name)).toBe(expected));
});

describe('contentDisposition', () => {
  it.each([
    [
      'Báo cáo quý IV.pdf',
      `attachment; filename="Bao cao quy IV.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20IV.pdf`,
    ],
    // ( ) ' * are not RFC 5987 attr-chars and must be percent-encoded too.
    ["Kế hoạch (bản 2) 'mới'.docx", `attachment; filename="Ke hoach (ban 2) 'moi'.docx"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20%28b%E1%BA%A3n%202%29%20%27m%E1%BB%9Bi%27.docx`],
    ['../"trích".pdf', `attachment; filename="trich.pdf"; filename*=UTF-8''tr%C3%ADch.pdf`],
    ['', `attachment; filename="tep-tai-len"; filename*=UTF-8''tep-tai-len`],
  ])('%j', (name, expected) => {
    expect(contentDisposition(name)).toBe(expected);
  });

  it('produces a header value of printable ASCII only', () => {
    expect(contentDisposition('Đ\u0000ề án\r\nSet-Cookie: x.pdf')).toMatch(/^[\x20-\x7e]+$/u);
  });
});
