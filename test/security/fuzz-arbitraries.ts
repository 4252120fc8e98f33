/**
 * Shared fast-check arbitraries for the security suite: text that looks like what Vietnamese
 * offices type (diacritics, Roman numerals, dates, separators), mixed with what attackers and
 * broken files send (control characters, quotes, delimiters, huge numbers, injections).
 */
import fc from 'fast-check';

/** Single characters that matter to parsers: Vietnamese letters, digits, punctuation, controls. */
const SPECIAL_CHARS = [
  ...'ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĂÂĐÊÔƠƯÁÀẾỀỨ',
  ...'IVXLCDMivx0123456789',
  ...',;\t\n\r"\'`\\/%_.-:()[]{}<>&=*#|!?@$^~+ ',
  '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u00a0', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffd',
  '\u0301', '\u0323', '\ud800', '\udfff', '😀', '…', '–', '—', '“', '”',
];

/** Words that steer the parsers somewhere interesting. */
export const WORDS = [
  'Hằng năm', 'Hàng năm', 'Hằng quý', 'Quý I', 'Quý IV/2025', 'Hằng tháng', '6 tháng', '6 tháng đầu năm', 'Tháng 5', 'Tháng 13',
  'Năm 2026', 'Năm 2025 - 2026', 'Trước ngày 15/12 hằng năm', 'Trước ngày 31/02/2026', 'Chậm nhất ngày 30/6/2026', 'Thường xuyên',
  'đột xuất', 'Theo lộ trình', 'Theo kế hoạch', 'Từ năm 2026 đến năm 2028', 'giai đoạn 2026-2030', 'ngày 0/0', '99999999999999999999',
  '1.184.000', '12,5', '12.5', '87,5%', '-1', '1e308', 'NaN', 'Infinity', '0x1F', '2026-02-30', '29/2/2027',
  'Sở Nội vụ', 'BHXH thành phố', 'UBND các xã, phường, đặc khu', 'Báo cáo', 'Kế hoạch', 'III', 'IV.1', 'VI.2', 'MMMCMXCIX',
  "' OR 1=1 --", '"; DROP TABLE task_instance; --', '<script>alert(1)</script>', '{{7*7}}', '${7*7}', '%', '_', '\\', '../../etc/passwd',
];

export const specialChar = fc.constantFrom(...SPECIAL_CHARS);

/** Arbitrary short text: any code unit, any grapheme, or a character parsers care about. */
export const fuzzText = (maxLength = 60) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: fc.oneof(specialChar, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: specialChar, maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join(' ')) },
  );

/** JSON-safe values of every shape, including huge and tiny numbers and deep nesting. */
export const fuzzJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fuzzText(40),
    fc.constantFrom(null, true, false, 0, -1, 1, 2026, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 63, 2 ** 31, -(2 ** 31) - 1, 4294967296, 1.5, 500, 501),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fuzzText(12), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'code', 'value')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
