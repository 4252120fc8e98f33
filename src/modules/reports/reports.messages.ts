/** Vietnamese words of the reports: titles, the heading and closing of the city's report, errors. */

const upper = (text: string) => text.toLocaleUpperCase('vi');
/** "KT. Chủ tịch – Phó Chủ tịch" → ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']: the lines above a signature. */
const capacityLines = (signer: string) => signer.split(/\s+[–-]\s+/u).map(upper);

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
  /*
   * numberSymbol, recipients, letterNumberSymbol, letterRecipients, letterSignature(null): what a
   * plan gets when its plan.yaml `report:` block leaves them out. Who receives a plan's report,
   * its number symbols and who signs the letters are facts of that plan, written there.
   */
  numberSymbol: 'BC',
  /** "Ủy ban nhân dân thành phố Hải Phòng" → "Hải Phòng" (the place in "Hải Phòng, ngày …"). */
  placeOf: (issuer: string) => /(?:thành phố|tỉnh)\s+(.+)$/iu.exec(issuer)?.[1] ?? issuer,
  annualTitle: (planTitle: string, year: number) => `Kết quả thực hiện ${lowerFirst(planTitle)} năm ${year}`,
  finalTitle: (planTitle: string, from: number, to: number) => `Tổng kết thực hiện ${lowerFirst(planTitle)} giai đoạn ${from}–${to}`,
  recipients: ['Lưu: VT'],
  /** "KT. Chủ tịch – Phó Chủ tịch" → ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']. */
  signatureCapacity: (signer: string | null) => ['TM. ỦY BAN NHÂN DÂN', ...(signer ? capacityLines(signer) : ['CHỦ TỊCH'])],
  /** The monitor's letters: a department under the body that issued the plan; by default its code alone. */
  letterNumberSymbol: (agencyCode: string) => agencyCode,
  letterSubject: (planTitle: string) => `V/v đôn đốc thực hiện nhiệm vụ tại ${lowerFirst(planTitle)}`,
  letterRecipients: ['Như trên', 'Lưu: VT'],
  /** "KT. Giám đốc – Phó Giám đốc" → ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']; by default the head of a department signs. */
  letterSignature: (signer: string | null) => (signer ? capacityLines(signer) : ['GIÁM ĐỐC']),
  documentNames: {
    'annual-report': (year: number, format: string) => `du-thao-bao-cao-nam-${year}.${format}`,
    'final-report': (year: number, format: string) => `du-thao-bao-cao-tong-ket-${year}.${format}`,
    'reminder-letter': (agency: string, format: string) => `cong-van-don-doc-${agency.toLowerCase()}.${format}`,
  },
};

function lowerFirst(text: string): string {
  return text ? text[0].toLocaleLowerCase('vi') + text.slice(1) : text;
}
