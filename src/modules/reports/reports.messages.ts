/** Vietnamese words of the reports: titles, the heading and closing of the city's report, errors. */

const upper = (text: string) => text.toLocaleUpperCase('vi');

export const reportText = {
  noPlan: 'Chưa có kế hoạch nào được nạp.',
  noSuchPlan: (code: string) => `Không có kế hoạch mã "${code}".`,
  yearOutside: (year: number, from: number, to: number) => `Năm ${year} nằm ngoài thời gian của kế hoạch (${from}–${to}).`,
  noAgency: (code: string) => `Không có cơ quan mã "${code}".`,
  nothingOverdue: (name: string) => `${name} không có nhiệm vụ quá hạn chưa hoàn thành: không cần công văn đôn đốc.`,
  noDocument: 'Không có văn bản này.',
  badFormat: (value: string) => `Không có định dạng "${value}" (docx, html hoặc xlsx).`,
  /** The report is the city's: its issuing body is the plan's issuer, in capitals. */
  issuingBody: (issuer: string) => upper(issuer),
  numberSymbol: 'BC-UBND',
  /** "Ủy ban nhân dân thành phố Hải Phòng" → "Hải Phòng" (the place in "Hải Phòng, ngày …"). */
  placeOf: (issuer: string) => /(?:thành phố|tỉnh)\s+(.+)$/iu.exec(issuer)?.[1] ?? issuer,
  annualTitle: (planTitle: string, year: number) => `Kết quả thực hiện ${lowerFirst(planTitle)} năm ${year}`,
  finalTitle: (planTitle: string, from: number, to: number) => `Tổng kết thực hiện ${lowerFirst(planTitle)} giai đoạn ${from}–${to}`,
  /** Row VI.1: the city's report goes to the Ministry of Home Affairs and the Ministry of Finance. */
  recipients: ['Bộ Nội vụ', 'Bộ Tài chính', 'TT Thành ủy, TT HĐND thành phố', 'Chủ tịch, các PCT UBND thành phố', 'Sở Nội vụ', 'BHXH thành phố', 'Lưu: VT'],
  /** "KT. Chủ tịch – Phó Chủ tịch" → ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']. */
  signatureCapacity: (signer: string | null) => ['TM. ỦY BAN NHÂN DÂN', ...(signer ? signer.split(/\s+[–-]\s+/u).map(upper) : ['CHỦ TỊCH'])],
  /** The monitor's letters: a department under the body that issued the plan. */
  letterNumberSymbol: (agencyCode: string) => `${agencyCode}-VP`,
  letterSubject: (planTitle: string) => `V/v đôn đốc thực hiện nhiệm vụ tại ${lowerFirst(planTitle)}`,
  letterRecipients: ['Như trên', 'UBND thành phố (để báo cáo)', 'Lưu: VT'],
  letterSignature: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
  documentNames: {
    'annual-report': (year: number, format: string) => `du-thao-bao-cao-nam-${year}.${format}`,
    'final-report': (year: number, format: string) => `du-thao-bao-cao-tong-ket-${year}.${format}`,
    'reminder-letter': (agency: string, format: string) => `cong-van-don-doc-${agency.toLowerCase()}.${format}`,
  },
};

function lowerFirst(text: string): string {
  return text ? text[0].toLocaleLowerCase('vi') + text.slice(1) : text;
}
