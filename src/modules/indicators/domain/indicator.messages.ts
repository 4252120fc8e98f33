/**
 * User-facing sentences of the indicators module, in Vietnamese. Identifiers stay English.
 * Numbers are written the Vietnamese way (1.184.000; 12,5), values quoted as the user typed them.
 */

/** Groups thousands with "." and writes decimals with ",": 1184000 → "1.184.000", 12.5 → "12,5". */
export function formatNumberVi(value: number): string {
  const [integer, fraction] = String(Math.abs(value)).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
  return `${value < 0 ? '-' : ''}${grouped}${fraction !== undefined ? `,${fraction}` : ''}`;
}

/**
 * The column names an allocation table may use, first the canonical one. Matching ignores case,
 * diacritics and the difference between spaces and underscores ("Mã cơ quan" = "ma_co_quan").
 */
export const allocationColumnNames = {
  agency: ['ma_co_quan', 'mã cơ quan', 'agency'],
  name: ['ten_co_quan', 'tên cơ quan', 'name'],
  indicator: ['chi_tieu', 'mã chỉ tiêu', 'indicator'],
  year: ['nam', 'năm', 'year'],
  value: ['gia_tri', 'giá trị', 'value'],
  note: ['ghi_chu', 'ghi chú', 'note'],
} as const;

const quoteAll = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** Row and header errors end without a full stop: they are shown one per line after their place. */
export const allocationMessages = {
  /** One line of an error report: 'phan-bo.csv, dòng 7, cột "gia_tri": …'. */
  located: (fileName: string, line: number, field: string, message: string) =>
    field === '' ? `${fileName}, dòng ${line}: ${message}` : `${fileName}, dòng ${line}, cột "${field}": ${message}`,

  fileEmpty: 'Tệp không có nội dung; dòng 1 phải là dòng tiêu đề (ma_co_quan, chi_tieu, nam, gia_tri)',
  noDataRows: 'Tệp chỉ có dòng tiêu đề, chưa có dòng phân bổ nào',
  missingColumn: (names: readonly string[]) =>
    `Thiếu cột ${quoteAll(names.slice(0, 1))} (có thể đặt tên ${quoteAll(names.slice(1))})`,
  repeatedColumn: (firstColumn: number, column: number) =>
    `Cột thứ ${column} trùng nghĩa với cột thứ ${firstColumn}; mỗi thông tin chỉ được có một cột`,

  agencyMissing: 'Chưa nhập mã cơ quan hoặc mã xã, phường',
  agencyUnknown: (code: string) => `"${code}" không có trong danh mục mã cơ quan, xã, phường`,
  indicatorMissing: 'Chưa nhập mã chỉ tiêu',
  indicatorUnknown: (code: string, known: readonly string[]) =>
    known.length > 0 && known.length <= 10
      ? `"${code}" không phải mã chỉ tiêu của kế hoạch (các mã hợp lệ: ${known.join(', ')})`
      : `"${code}" không phải mã chỉ tiêu của kế hoạch`,
  yearMissing: 'Chưa nhập năm',
  yearInvalid: (text: string) => `"${text}" không phải năm hợp lệ (viết đủ 4 chữ số, ví dụ 2026)`,
  yearOutOfRange: (year: number, from: number, to: number) => `Năm ${year} nằm ngoài thời hạn của kế hoạch (${from}–${to})`,
  valueMissing: 'Chưa nhập giá trị',
  valueInvalid: (text: string) => `"${text}" không phải số hợp lệ (viết như 1.184.000)`,
  valuePercent: (text: string) => `"${text}" là tỷ lệ phần trăm; giá trị phân bổ phải là số lượng (viết như 1.184.000)`,
  valueNegative: (text: string) => `"${text}" là số âm; giá trị phân bổ không được nhỏ hơn 0`,
  duplicate: (firstLine: number, agency: string, indicator: string, year: number) =>
    `Trùng với dòng ${firstLine}: cơ quan "${agency}", chỉ tiêu "${indicator}", năm ${year} đã được phân bổ ở dòng đó`,

  /** A warning the caller may show after an import; `difference` = allocated − target. */
  sumMismatch: (indicator: string, year: number, allocated: number, target: number) => {
    const difference = allocated - target;
    const how = difference < 0 ? `thiếu ${formatNumberVi(-difference)}` : `vượt ${formatNumberVi(difference)}`;
    return `Chỉ tiêu "${indicator}" năm ${year}: tổng phân bổ ${formatNumberVi(allocated)} chưa bằng chỉ tiêu của thành phố ${formatNumberVi(target)} (${how})`;
  },
} as const;
