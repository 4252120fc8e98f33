/**
 * Vietnamese sentences of the period calculator, the plan's scheduling settings and the task
 * lifecycle. Kept apart from scheduling.messages.ts (timing words, working calendar) so the two
 * can change independently; the same conventions apply (dates already formatted dd/mm/yyyy).
 */
import { quarterName } from './scheduling.messages';

/** Labels of periods as Vietnamese documents write them. */
export const periodLabels = {
  year: (year: number) => `Năm ${year}`,
  half: (half: 1 | 2, year: number) => `6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`,
  quarter: (quarter: 1 | 2 | 3 | 4, year: number) => `Quý ${quarterName(quarter)}/${year}`,
  month: (month: number, year: number) => `Tháng ${month}/${year}`,
  /** A window of whole years: "Giai đoạn 2026–2028". */
  yearWindow: (from: number, to: number) => `Giai đoạn ${from}–${to}`,
  /** Any other window; `from`/`to` are labels of points ("Quý IV/2025"), written in lower case. */
  window: (from: string, to: string) => `Từ ${from} đến ${to}`,
  pointYear: (year: number) => `năm ${year}`,
  pointHalf: (half: 1 | 2, year: number) => `6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`,
  pointQuarter: (quarter: 1 | 2 | 3 | 4, year: number) => `quý ${quarterName(quarter)}/${year}`,
  pointMonth: (month: number, year: number) => `tháng ${month}/${year}`,
  /** A one-off with an exact date; `date` is dd/mm/yyyy as the words wrote it. */
  deadlineBefore: (date: string) => `Hạn trước ngày ${date}`,
  deadlineBy: (date: string) => `Hạn ${date}`,
} as const;

/** Notes returned beside the periods: why a part gives none, or what was adjusted. */
export const periodNotes = {
  roadmap: 'Theo lộ trình: các mốc sẽ được nhập sau',
  adHoc: 'Đột xuất: nhiệm vụ được tạo khi có yêu cầu',
  needsSchedule: 'Cần nhập lịch thực hiện',
  /** `part` is the explanation of a timing part ("Một lần trong năm 2025"). */
  noPeriodInHorizon: (part: string, from: string, to: string) =>
    `${part}: không có kỳ nào nằm trong thời hạn của kế hoạch (${from} – ${to})`,
  partlyOutsideHorizon: (label: string, from: string, to: string) =>
    `${label}: không nằm trọn trong thời hạn của kế hoạch (${from} – ${to})`,
  duplicateKey: (key: string, label: string) =>
    `Kỳ ${key} (${label}) đã có từ một phần trước của thời gian thực hiện: giữ kỳ đầu tiên, bỏ kỳ trùng`,
  calendarMissing: (date: string) =>
    `Lịch làm việc chưa có năm của ngày ${date}: hạn giữ nguyên, chưa dời sang ngày làm việc`,
} as const;

/** Problems in a plan's scheduling settings; `field` is the setting's path ("defaultDue.yearly.day"). */
export const planSettingsErrors = {
  mustBeObject: (field: string) => `${field}: phải là một đối tượng (các cặp khóa: giá trị)`,
  mustBeOneOf: (field: string, values: readonly string[]) => `${field}: phải là một trong: ${values.join(', ')}`,
  integerRange: (field: string, min: number, max: number) =>
    `${field}: phải là số nguyên từ ${min} đến ${max}`,
  invalidDayOfMonth: (field: string, day: number, month: number) =>
    `${field}: ngày ${day} không có trong tháng ${month}`,
  unknownKey: (field: string, allowed: readonly string[]) =>
    `${field}: khóa không được hỗ trợ (chỉ dùng: ${allowed.join(', ')})`,
  /** Appended after the errors: the value that is used instead. */
  defaultUsed: 'dùng giá trị mặc định',
} as const;
