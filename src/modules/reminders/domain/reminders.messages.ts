/**
 * Vietnamese sentences of the reminder policy reader. Every error starts with the path of the
 * setting it is about ("reminders.steps[2].offset"), the way the plan's scheduling settings do
 * (../../scheduling/domain/periods.messages.ts, `planSettingsErrors`).
 */

/** Problems in `reminders:` of the plan settings or of one row's override. */
export const reminderPolicyErrors = {
  mustBeObject: (field: string) => `${field}: phải là một đối tượng (các cặp khóa: giá trị)`,
  mustBeObjectOrNull: (field: string) =>
    `${field}: phải là một đối tượng (các cặp khóa: giá trị) hoặc null (không nhắc lặp lại)`,
  mustBeList: (field: string) => `${field}: phải là một danh sách`,
  mustBeBoolean: (field: string) => `${field}: phải là true hoặc false`,
  required: (field: string) => `${field}: bắt buộc phải có`,
  unknownKey: (field: string, allowed: readonly string[]) =>
    `${field}: khóa không được hỗ trợ (chỉ dùng: ${allowed.join(', ')})`,
  invalidCode: (field: string) =>
    `${field}: mã bước phải gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ: before-10, late-1)`,
  reservedCode: (field: string, code: string) =>
    `${field}: mã "${code}" dành cho các lần nhắc lặp lại (repeat), hãy đặt mã khác`,
  duplicateCode: (field: string, code: string, first: string) => `${field}: mã "${code}" trùng với ${first}`,
  integerRange: (field: string, min: number, max: number) => `${field}: phải là số nguyên từ ${min} đến ${max}`,
  offsetNotIncreasing: (field: string, offset: number, previous: number) =>
    `${field}: các bước phải theo thứ tự tăng dần của offset (${offset} không lớn hơn ${previous} của bước trước)`,
  unknownAudience: (field: string, value: string, allowed: readonly string[]) =>
    `${field}: người nhận "${value}" không hợp lệ (chỉ dùng: ${allowed.join(', ')})`,
  duplicateAudience: (field: string, value: string) => `${field}: người nhận "${value}" bị lặp`,
  audienceInBoth: (field: string, value: string) =>
    `${field}: "${value}" đã là người nhận chính (to), không đồng gửi (cc) lại`,
  emptyAudience: (field: string) => `${field}: cần ít nhất một người nhận`,
  unknownTemplate: (field: string, value: string, allowed: readonly string[]) =>
    `${field}: mẫu thư "${value}" không hợp lệ (chỉ dùng: ${allowed.join(', ')})`,
  invalidClock: (field: string) => `${field}: phải là giờ dạng HH:MM trong dấu nháy, ví dụ '07:30'`,
  startNotBeforeEnd: (field: string, start: string, end: string) =>
    `${field}: giờ bắt đầu ${start} phải trước giờ kết thúc ${end}`,
  /** Appended after an error: the value that is used instead. */
  defaultUsed: 'dùng giá trị mặc định',
  /** Appended after an error in a row's override: the plan's value is used instead. */
  planValueUsed: 'dùng giá trị của kế hoạch',
  /** Prefix of every error in a row's override. */
  rowOverride: (message: string) => `Ghi đè của dòng: ${message}`,
} as const;
