/** Every user-facing sentence of the scheduling domain (timing words, working calendar), in Vietnamese. */

const QUARTER_NAMES = ['I', 'II', 'III', 'IV'] as const;

/** Roman numeral of a quarter, as Vietnamese documents write it (Quý IV). */
export function quarterName(quarter: 1 | 2 | 3 | 4): string {
  return QUARTER_NAMES[quarter - 1];
}

/** Pieces of the explanation of a parsed timing; the parser joins them with ", " and "; ". */
export const timingExplanations = {
  yearly: 'Hằng năm',
  /** `schedule` starts in lower case: "Cập nhật hằng năm, từ năm 2027". */
  update: (schedule: string) => `Cập nhật ${schedule}`,
  halfYearly: '6 tháng một lần',
  firstHalfEachYear: 'Hằng năm, 6 tháng đầu năm',
  secondHalfEachYear: 'Hằng năm, 6 tháng cuối năm',
  quarterly: 'Hằng quý',
  monthly: 'Hằng tháng',
  inMonth: (month: number) => `trong tháng ${month}`,
  inQuarter: (quarter: 1 | 2 | 3 | 4) => `trong quý ${quarterName(quarter)}`,
  /** `date` is already written dd/mm/yyyy, dd/mm, or dd (a day of every month). */
  deadlineBefore: (date: string) => `hạn trước ngày ${date}`,
  deadlineBy: (date: string) => `hạn chậm nhất ngày ${date}`,
  fromYear: (year: number) => `từ năm ${year}`,
  untilYear: (year: number) => `đến năm ${year}`,
  fromYearToYear: (from: number, to: number) => `từ năm ${from} đến năm ${to}`,
  once: 'Một lần',
  onceInYear: (year: number) => `Một lần trong năm ${year}`,
  onceInQuarter: (quarter: 1 | 2 | 3 | 4, year: number) => `Một lần trong quý ${quarterName(quarter)}/${year}`,
  onceInMonth: (month: number, year: number) => `Một lần trong tháng ${month}/${year}`,
  onceInHalf: (half: 1 | 2, year: number) => `Một lần trong 6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`,
  window: (from: string, to: string) => `Một sản phẩm, thực hiện từ ${from} đến ${to}`,
  pointYear: (year: number) => `năm ${year}`,
  pointQuarter: (quarter: 1 | 2 | 3 | 4, year: number) => `quý ${quarterName(quarter)}/${year}`,
  pointMonth: (month: number, year: number) => `tháng ${month}/${year}`,
  pointHalf: (half: 1 | 2, year: number) => `6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`,
  ongoing: 'Thường xuyên',
  ongoingDefaultReport: 'báo cáo định kỳ theo chu kỳ chung của kế hoạch',
  /** `schedule` is the explanation of the report schedule, starting in lower case. */
  ongoingReport: (schedule: string) => `báo cáo ${schedule}`,
  roadmap: 'Theo lộ trình, các mốc nhập sau',
  adHoc: 'Đột xuất, khi có yêu cầu',
  perPlan: 'Theo kế hoạch, chưa có lịch cụ thể',
  perOwnPlan: 'Theo kế hoạch riêng, chưa có lịch cụ thể',
  afterEvent: (condition: string) => `Sau khi ${condition}, chưa có lịch cụ thể`,
  noSchedule: 'Chưa có lịch thực hiện',
} as const;

export const timingWarnings = {
  empty: 'Chưa ghi thời gian thực hiện: cần nhập lịch thực hiện.',
  unreadable: (text: string) => `Không đọc được thời gian "${text}": cần nhập lịch thực hiện.`,
  unreadablePart: (fragment: string, text: string) =>
    `Không đọc được phần "${fragment}" của thời gian "${text}": cần kiểm tra lịch thực hiện.`,
  needsSchedule: (fragment: string) => `"${fragment}" chưa có lịch cụ thể: cần nhập lịch thực hiện.`,
  roadmapNeedsMilestones: (fragment: string) => `"${fragment}": cần nhập các mốc của lộ trình.`,
  invalidDate: (fragment: string) => `"${fragment}" có ngày không tồn tại: cần nhập lịch thực hiện.`,
  invalidMonth: (fragment: string) => `"${fragment}" có tháng không hợp lệ: cần nhập lịch thực hiện.`,
  yearOutOfRange: (fragment: string) => `"${fragment}" có năm ngoài khoảng 1900–2199: cần nhập lịch thực hiện.`,
  reversedRange: (fragment: string) =>
    `"${fragment}" có thời điểm bắt đầu sau thời điểm kết thúc: cần nhập lịch thực hiện.`,
  missingYear: (fragment: string) => `"${fragment}" không ghi năm: cần nhập lịch thực hiện.`,
  periodicWithoutCadence: (fragment: string) =>
    `"${fragment}" không ghi chu kỳ: áp dụng chu kỳ báo cáo chung của kế hoạch.`,
} as const;

/** Vietnamese names of the days the working calendar knows. */
export const calendarNames = {
  newYear: 'Tết Dương lịch',
  lunarNewYear: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Chiến thắng',
  labourDay: 'Ngày Quốc tế lao động',
  nationalDay: 'Quốc khánh',
  vietnamCultureDay: 'Ngày Văn hóa Việt Nam',
  saturday: 'Thứ Bảy',
  sunday: 'Chủ nhật',
  makeUp: 'Làm bù',
  compensatory: (holiday: string) => `Nghỉ bù ${holiday}`,
  announcedDayOff: 'Ngày nghỉ theo thông báo',
} as const;

/** Problems found while reading a holiday-schedule CSV (shown to the administrator). */
export const holidayScheduleErrors = {
  missingColumns: (columns: readonly string[]) => `thiếu cột: ${columns.join(', ')}`,
  unknownColumns: (columns: readonly string[]) => `cột không được hỗ trợ: ${columns.join(', ')}`,
  wrongFieldCount: (expected: number, actual: number) => `dòng có ${actual} trường, cần ${expected}`,
  unclosedQuote: 'dấu ngoặc kép chưa đóng',
  invalidDate: (column: string, value: string) => `cột ${column}: "${value}" không phải ngày dạng YYYY-MM-DD`,
  reversedRange: 'date_to trước date_from',
  invalidTotal: (value: string) => `total_days_off: "${value}" không phải số nguyên dương`,
  totalMismatch: (declared: number, counted: number) =>
    `total_days_off ghi ${declared} ngày nhưng từ date_from đến date_to có ${counted} ngày`,
  unknownVerification: (value: string) => `verification: "${value}" không được hỗ trợ`,
  invalidNoteDate: (value: string) => `ghi chú có ngày không tồn tại: "${value}"`,
  invalidData: (path: string, expected: string) => `${path}: ${expected}`,
  makeUpNotWeekend: (date: string) => `ngày làm bù ${date} không phải Thứ Bảy hoặc Chủ nhật`,
} as const;
