import { formatVietnamese } from '../../scheduling/domain/local-date';
/** Every user-facing sentence of `phuluc import` (reading an appendix table), in Vietnamese. */

const EXPECTED_HEADER = 'section,number,task,lead,support,deliverable,timing';
const VIETNAMESE_HEADER = 'Mục, TT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Sản phẩm, Thời gian thực hiện';

const quoteList = (items: readonly string[]) => items.map((x) => `"${x}"`).join(', ');

/** Errors that refuse the whole file: one sentence naming the file and what is wrong. */
export const tableErrors = {
  expectedHeader: `Dòng tiêu đề cần có các cột ${EXPECTED_HEADER} (hoặc tiêu đề tiếng Việt: ${VIETNAMESE_HEADER}); cột section/Mục có thể bỏ.`,
  empty: (file: string) => `Tệp ${file} trống: không có dòng nào để nhập.`,
  emptySheet: (file: string, sheet: string) => `Tệp ${file}: trang tính đầu tiên "${sheet}" trống, không có dòng nào để nhập.`,
  noRows: (file: string, line: number) => `Tệp ${file} chỉ có dòng tiêu đề (dòng ${line}), không có dòng nhiệm vụ nào để nhập.`,
  noWorksheet: (file: string) => `Tệp ${file} không có trang tính nào.`,
  notUtf8: (file: string) =>
    `Tệp ${file} không phải văn bản UTF-8 (có thể được lưu bằng mã Windows-1258, TCVN3 hoặc Latin-1): hãy lưu lại dạng "CSV UTF-8" rồi nhập lại.`,
  utf16: (file: string) => `Tệp ${file} được mã hóa UTF-16: hãy lưu lại dạng "CSV UTF-8" rồi nhập lại.`,
  noHeader: (file: string, searched: number) =>
    `Tệp ${file} không có dòng tiêu đề trong ${searched} dòng đầu. ${tableErrors.expectedHeader}`,
  wrongColumns: (file: string, line: number, problems: string[]) =>
    `Tệp ${file}, dòng tiêu đề ${line}: ${problems.join('; ')}. ${tableErrors.expectedHeader}`,
  missingColumns: (names: readonly string[]) => `thiếu cột ${quoteList(names)}`,
  unknownColumns: (names: readonly string[]) => `cột không được hỗ trợ ${quoteList(names)}`,
  duplicateColumns: (names: readonly string[]) => `cột bị lặp ${quoteList(names)}`,
  xls: (file: string) =>
    `Tệp ${file} là bảng tính Excel 97–2003 (.xls), định dạng chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8.`,
  ods: (file: string) =>
    `Tệp ${file} là bảng tính OpenDocument (.ods), định dạng chưa được hỗ trợ: hãy lưu lại dạng .xlsx hoặc CSV UTF-8.`,
  notASpreadsheet: (file: string, what: string) =>
    `Tệp ${file} không phải bảng tính (${what}): chỉ nhập được tệp .xlsx hoặc .csv (UTF-8).`,
  kindPdf: 'tệp PDF',
  kindImage: 'tệp ảnh',
  kindZip: 'tệp ZIP nhưng không phải bảng tính Excel .xlsx',
  kindWord: 'văn bản Word',
  kindOle: 'tệp Office 97–2003 không phải bảng tính',
  kindBinary: 'tệp nhị phân',
  brokenXlsx: (file: string, detail: string) => `Tệp ${file} có dạng .xlsx nhưng không đọc được: ${detail}.`,
  malformedCsv: (file: string, line: number | undefined, detail: string) =>
    `Tệp ${file}${line ? `, dòng ${line}` : ''}: CSV sai cú pháp (${detail}); kiểm tra dấu ngoặc kép quanh các ô có dấu phẩy hoặc xuống dòng.`,
  quoteNotClosed: 'có dấu ngoặc kép mở mà không đóng',
} as const;

/** Notes about physical lines of the table that became no appendix row. */
export const rowNotes = {
  emptyLines: (from: number, to: number) => (from === to ? `Dòng ${from}: trống, bỏ qua.` : `Dòng ${from}–${to}: trống, bỏ qua.`),
  columnNumbers: (line: number) => `Dòng ${line}: dòng đánh số cột (1), (2), …, bỏ qua.`,
  heading: (line: number, key: string, title: string) => `Dòng ${line}: tiêu đề mục ${key}${title ? ` "${title}"` : ''}.`,
  sectionWithoutTitle: (key: string) => `Mục ${key} không có dòng tiêu đề trong phụ lục: tên mục cần được nhập.`,
  sectionTitleConflict: (key: string, first: string, other: string, line: number) =>
    `Dòng ${line}: mục ${key} có tên "${other}" khác với tên đã gặp "${first}"; giữ tên đầu tiên.`,
  rowsWithoutSection: (key: string) => `Có dòng nhiệm vụ đứng trước mọi tiêu đề mục: xếp vào mục tạm "${key}".`,
} as const;

/** Warnings attached to one imported appendix row. */
export const rowWarnings = {
  noSection: (key: string) => `Dòng không thuộc mục nào: xếp vào mục tạm "${key}", cần kiểm tra.`,
  numberInferred: (key: string) => `Dòng không có số thứ tự: tạm đặt mã ${key}, cần kiểm tra.`,
  romanNumberedTask: (number: string) => `Số thứ tự "${number}" là số La Mã nhưng dòng có nội dung nhiệm vụ: coi là một nhiệm vụ.`,
  duplicateKey: (key: string, lines: readonly number[]) =>
    `Mã dòng ${key} lặp lại (dòng ${lines.join(', ')}): cần sửa số thứ tự trước khi nạp.`,
  extraCells: (cells: readonly string[]) =>
    `Có ô nằm ngoài các cột tiêu đề (${cells.map((c) => `"${c}"`).join(', ')}): có thể thiếu dấu ngoặc kép quanh một ô có dấu phẩy.`,
  emptyTask: 'Chưa ghi nội dung nhiệm vụ: cần nhập trước khi nạp.',
  emptyLead: 'Chưa ghi cơ quan chủ trì: cần nhập trước khi nạp.',
  emptyDeliverable: 'Chưa ghi sản phẩm: cần nhập trước khi nạp.',
  emptyTiming: 'Chưa ghi thời gian thực hiện: cần nhập lịch thực hiện.',
  unresolvedLead: (name: string, hint?: string) =>
    `Cơ quan chủ trì "${name}" không có trong danh bạ${hint ? ` (${hint})` : ''}: cần chọn mã cơ quan hoặc nhóm.`,
  unresolvedSupport: (name: string, hint?: string) =>
    `Cơ quan phối hợp "${name}" không có trong danh bạ${hint ? ` (${hint})` : ''}: cần chọn mã cơ quan hoặc nhóm.`,
  noLeadResolved: 'Không xác định được cơ quan chủ trì nào: dòng chưa nạp được cho đến khi sửa.',
  noSupportResolved: 'Không xác định được cơ quan phối hợp nào: dòng chưa nạp được cho đến khi sửa.',
} as const;

/** Hints for names that the plans still use but that no longer exist as agencies. */
export const partyHints = {
  defunct: (successor: string) => `cơ quan này không còn sau sắp xếp năm 2025, nhiệm vụ chuyển về ${successor}`,
  ambiguous: (codes: readonly string[]) => `tên trùng với nhiều cơ quan: ${codes.join(', ')}`,
} as const;

/** Comments and placeholders written into a generated appendix.yaml. */
export const yamlText = {
  header: (plan: string, file: string, rows: number) => [
    ` Phụ lục: nhiệm vụ cụ thể của Kế hoạch ${plan}, nhập từ tệp ${file} bằng "phuluc import" (${rows} dòng).`,
    ' Mỗi dòng: key (TT), section (mục), task (Nhiệm vụ), lead (Cơ quan chủ trì), support (Cơ quan',
    ' phối hợp), deliverable (Sản phẩm), timing (Thời gian thực hiện, nguyên văn), provenance',
    ' (verbatim: đúng nguyên văn; uncertain: khó đọc; inferred: suy ra).',
    ' lead/support: text = chữ trong phụ lục, parties = mã cơ quan hoặc nhóm trong workflows/directory.',
    ' Dòng có ghi chú "CẦN SỬA" chưa nạp được: sửa theo ghi chú rồi chạy "phuluc validate".',
  ].join('\n'),
  rowSource: (lines: readonly number[]) => ` Dòng ${formatLines(lines)} của tệp nguồn.`,
  mustFix: (what: string) => ` CẦN SỬA: ${what}`,
  unresolved: (role: 'lead' | 'support', names: readonly string[]) =>
    `${role === 'lead' ? 'cơ quan chủ trì' : 'cơ quan phối hợp'} chưa có trong danh bạ: ${names.map((n) => `"${n}"`).join(', ')}`,
  keyInferredNote: 'Phụ lục không ghi số thứ tự của dòng này; mã dòng do phuluc đặt theo thứ tự.',
  sectionInferredNote: 'Dòng đứng trước mọi tiêu đề mục; mục do phuluc đặt.',
  untitledSection: (key: string) => `Mục ${key}`,
  untitledSectionNote: (key: string) => `Phụ lục không ghi tên mục ${key}: tên mục cần được nhập theo bản gốc.`,
  implicitSectionTitle: 'Các nhiệm vụ không thuộc mục nào',
  implicitSectionNote: 'Phụ lục có dòng nhiệm vụ đứng trước mọi tiêu đề mục; mục này do phuluc đặt.',
} as const;

/** "3", "3–4", "3, 5". */
export function formatLines(lines: readonly number[]): string {
  if (lines.length === 0) return '';
  const contiguous = lines.every((l, i) => i === 0 || l === lines[i - 1] + 1);
  if (lines.length > 1 && contiguous) return `${lines[0]}–${lines[lines.length - 1]}`;
  return lines.join(', ');
}

/** What `phuluc import` says about the whole run. */
export const importMessages = {
  cannotRead: (file: string, reason: string) => `Không đọc được tệp ${file} (${reason}).`,
  workflowsInvalid: (count: number) => `Các tệp định nghĩa hiện có trong workflows/ có ${count} lỗi; hãy sửa (phuluc validate) trước khi nhập.`,
  horizonOrder: (from: string, to: string) => `--to (${to}) phải sau --from (${from}).`,
  wouldOverwrite: (file: string) => `${file} đã có: dùng --force để thay bằng phụ lục vừa nhập (các dòng thay đổi sẽ có phiên bản mới khi nạp).`,
  monitorRequired: 'Kế hoạch mới cần cơ quan theo dõi: dùng --monitor MÃ_CƠ_QUAN.',
  defaultTitle: (code: string) => `Kế hoạch ${code}`,
  issuerToFill: '(chưa nhập cơ quan ban hành)',
  planFileComment: (file: string, today: string) =>
    ` Kế hoạch dự thảo, tạo bởi phuluc import từ ${file} ngày ${formatVietnamese(today)}.\n` +
    ' Hãy nhập tên, cơ quan ban hành, số hiệu, căn cứ và kiểm tra các mục trước khi chuyển sang đang thực hiện.',
} as const;
