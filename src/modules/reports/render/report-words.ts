/**
 * Every Vietnamese word of the generated documents (báo cáo, công văn đôn đốc): the renderers
 * only lay these out. Numbers and dates arrive already formatted or are formatted here with
 * ./format, so a sentence reads the same wherever it is printed.
 */
import { type ComplianceLine } from '../report.model';
import { type LongDateParts, formatVietnameseNumber } from './format';

/** What a missing value prints as, in a table cell or a sentence. */
export const MISSING = '—';

/** The national header, closing and other parts shared by every administrative document. */
export const officialWords = {
  nationalName: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto: 'Độc lập - Tự do - Hạnh phúc',
  /** The number is left blank to be filled in when the document is registered. */
  numberLine: (symbol: string) => `Số:      /${symbol}`,
  placeAndDate: (place: string, date: LongDateParts) =>
    `${place}, ngày ${date.day} tháng ${date.month} năm ${date.year}`,
  /** Blanks for the date written by hand at signing. */
  placeAndBlankDate: (place: string) => `${place}, ngày      tháng      năm 20…`,
  recipientsTitle: 'Nơi nhận:',
  /** "- Sở Xây dựng;" and, for the last one, "- Lưu: VT, TH." */
  recipientLine: (recipient: string, isLast: boolean) => `- ${withoutEndPunctuation(recipient)}${isLast ? '.' : ';'}`,
  addressTitle: 'Kính gửi:',
  /** One addressee on the "Kính gửi:" line, or each on its own line under it. */
  singleAddressee: (addressee: string) => `Kính gửi: ${withoutEndPunctuation(addressee)}.`,
  addresseeLine: (addressee: string, isLast: boolean) => `- ${withoutEndPunctuation(addressee)}${isLast ? '.' : ';'}`,
  /** The city people's committee, which issues the plans followed here. */
  cityCommittee: 'Ủy ban nhân dân thành phố',
} as const;

/** A plan as the documents cite it. */
export interface CitedPlan {
  title: string;
  documentNumber: string | null;
  /** Already 'dd/mm/yyyy', or null. */
  issuedOn: string | null;
}

/**
 * "Kế hoạch số 52/KH-UBND ngày 13/02/2026 của Ủy ban nhân dân thành phố Hải Phòng về …", or
 * "Kế hoạch của … về …" while the plan's number is not known.
 */
export function planReference(plan: CitedPlan, issuer: string): string {
  const number = plan.documentNumber ? ` số ${plan.documentNumber}` : '';
  const issued = plan.documentNumber && plan.issuedOn ? ` ngày ${plan.issuedOn}` : '';
  return `Kế hoạch${number}${issued} của ${issuer} về ${planSubject(plan.title)}`;
}

/** What the plan is about: its title without a leading "Kế hoạch", first letter lower-cased. */
export function planSubject(title: string): string {
  return lowerFirst(title.trim().replace(/^kế hoạch\s+/iu, ''));
}

/** The four classifications and the two outside them, as the reports name them. */
export const classificationWords = {
  doneOnTime: 'hoàn thành đúng hạn',
  doneLate: 'hoàn thành quá hạn',
  inProgressOnTime: 'đang thực hiện trong hạn',
  overdueNotDone: 'quá hạn chưa hoàn thành',
  waived: 'được miễn',
  cancelled: 'đã hủy',
} as const;

function count(n: number): string {
  return formatVietnameseNumber(n);
}

/** "Tổng số 8 nhiệm vụ, trong đó: hoàn thành đúng hạn 5; … Tỷ lệ hoàn thành đúng hạn 83,3%." */
export function complianceSentence(line: ComplianceLine): string {
  const { counts } = line;
  const classes =
    `${classificationWords.doneOnTime} ${count(counts.doneOnTime)}; ` +
    `${classificationWords.doneLate} ${count(counts.doneLate)}; ` +
    `${classificationWords.inProgressOnTime} ${count(counts.inProgressOnTime)}; ` +
    `${classificationWords.overdueNotDone} ${count(counts.overdueNotDone)}`;
  return `Tổng số ${count(line.total)} nhiệm vụ, trong đó: ${classes}${outsideClasses(line)}. ${onTimeRateSentence(line.onTimeRate)}`;
}

/** The plan totals of section IV: the compliance sentence and the mean delay. */
export function planTotalsSentence(line: ComplianceLine): string {
  return `Toàn Kế hoạch: ${lowerFirst(complianceSentence(line))} ${averageDelaySentence(line.averageWorkingDaysLate)}`;
}

function outsideClasses(line: ComplianceLine): string {
  const parts: string[] = [];
  if (line.counts.waived > 0) parts.push(`${count(line.counts.waived)} nhiệm vụ ${classificationWords.waived}`);
  if (line.counts.cancelled > 0) parts.push(`${count(line.counts.cancelled)} nhiệm vụ ${classificationWords.cancelled}`);
  return parts.length > 0 ? ` (ngoài ra có ${parts.join(', ')})` : '';
}

function onTimeRateSentence(rate: number | null): string {
  return rate === null
    ? 'Chưa có nhiệm vụ hoàn thành để tính tỷ lệ hoàn thành đúng hạn.'
    : `Tỷ lệ hoàn thành đúng hạn: ${formatVietnameseNumber(rate)}%.`;
}

function averageDelaySentence(days: number | null): string {
  return days === null
    ? 'Không có nhiệm vụ chậm so với hạn.'
    : `Số ngày làm việc chậm bình quân: ${formatVietnameseNumber(days, 1)} ngày.`;
}

/** The plan's own marks on a target or a row: "chưa chắc chắn" (hard to read), "suy ra". */
export const provenanceWords: Readonly<Record<string, string>> = {
  uncertain: 'chưa chắc chắn',
  inferred: 'suy ra',
};

export const annualReportWords = {
  documentKind: 'BÁO CÁO',
  cutoffLine: (cutoff: string) => `(Số liệu tính đến hết ngày ${cutoff})`,
  legalBasis: (basis: string) => `Căn cứ ${withoutEndPunctuation(basis)};`,
  /** "năm 2026", or "giai đoạn 2026–2030" for the final report. */
  period: (kind: 'annual' | 'final', from: number, to: number) =>
    kind === 'final' ? `giai đoạn ${from}–${to}` : `năm ${to}`,
  opening: (kind: 'annual' | 'final', planRef: string, cutoff: string, period: string) =>
    `Thực hiện ${planRef}; trên cơ sở báo cáo của các cơ quan, đơn vị và số liệu theo dõi đến hết ngày ${cutoff}, ` +
    (kind === 'final' ? `kết quả tổng kết thực hiện Kế hoạch ${period} như sau:` : `kết quả thực hiện Kế hoạch ${period} như sau:`),
  /** The last sentence of the body, ending with "./." as Nghị định 30 asks. */
  conclusion: (title: string) => `Trên đây là báo cáo ${lowerFirst(withoutEndPunctuation(title))}./.`,
  sections: {
    targets: 'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
    tasks: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC',
    figures: 'III. SỐ LIỆU TỔNG HỢP TỪ CÁC CƠ QUAN',
    agencies: 'IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN',
    late: 'V. NHIỆM VỤ CHẬM, QUÁ HẠN',
    difficulties: 'VI. KHÓ KHĂN, VƯỚNG MẮC',
    recommendations: 'VII. ĐỀ XUẤT, KIẾN NGHỊ',
  },
  targets: {
    number: 'TT',
    indicator: 'Chỉ tiêu',
    year: 'Năm',
    unit: 'Đơn vị',
    targetOfYear: (year: number) => `Chỉ tiêu năm ${year}`,
    targetOfPeriod: 'Chỉ tiêu được giao',
    actual: 'Thực hiện',
    percent: 'Tỷ lệ so với chỉ tiêu (%)',
    assessment: 'Đánh giá',
    met: 'Đạt',
    notMet: 'Chưa đạt',
    noData: 'Chưa có số liệu',
    kindSuffix: { target: '', minimum: '(tối thiểu)', maximum: '(tối đa)' },
    actualAsOf: (date: string) => `(đến ${date})`,
    actualSource: (source: string) => `Nguồn: ${source}`,
    noteMark: (index: number) => `(${index})`,
    /** "(1) Chỉ tiêu năm 2030 chưa chắc chắn (Tổng số người tham gia BHXH): Bản quét đọc …" */
    note: (index: number, year: number, mark: string, indicator: string, note: string | null) =>
      `(${index}) Chỉ tiêu năm ${year} ${mark} (${indicator})${note ? `: ${note}` : '.'}`,
    none: 'Kế hoạch chưa có chỉ tiêu định lượng để đánh giá.',
    /** "Chỉ tiêu Tổng số người tham gia BHXH năm 2026 đã phân bổ cho 114 cơ quan, xã; …" */
    allocationSummary: (indicator: string, year: number, allocated: number, assessed: number, behind: number) =>
      `Chỉ tiêu ${indicator} năm ${year} đã phân bổ cho ${allocated} cơ quan, xã, phường, đặc khu; ${assessed} đơn vị có số liệu để đánh giá tiến độ` +
      (behind ? `, trong đó ${behind} đơn vị chậm so với tiến độ cần đạt:` : `, không có đơn vị nào chậm so với tiến độ.`),
    allocationColumns: { number: 'TT', agency: 'Cơ quan, xã', target: 'Chỉ tiêu phân bổ', latest: 'Thực hiện', expected: 'Theo tiến độ phải đạt' },
    latestOn: (value: string, date: string) => `${value} (đến ${date})`,
  },
  tasks: {
    sectionHeading: (index: number, title: string, inferred: boolean) =>
      `${index}. ${title}${inferred ? ' (tên mục suy ra)' : ''}`,
    sectionWithoutRows: 'Các dòng của mục này không có trong bản kế hoạch được chép.',
    rowTitle: (key: string, task: string) => `${key}. ${task}`,
    rowDetails: (lead: string[], support: string[], deliverable: string, timing: string) =>
      [
        `Cơ quan chủ trì: ${lead.length > 0 ? lead.join(', ') : MISSING}`,
        ...(support.length > 0 ? [`phối hợp: ${support.join(', ')}`] : []),
        `sản phẩm: ${deliverable || MISSING}`,
        `thời gian: ${timing || MISSING}`,
      ].join('; ') + '.',
    rowProvenance: {
      uncertain: '(Dòng phụ lục chưa chắc chắn theo bản quét)',
      inferred: '(Dòng phụ lục suy ra)',
    } as Readonly<Record<string, string>>,
    agency: 'Cơ quan',
    period: 'Kỳ',
    due: 'Hạn',
    status: 'Tình trạng',
    submissions: 'Sản phẩm đã gửi',
    supportRole: '(phối hợp)',
    noInstances: 'Chưa giao cho cơ quan nào.',
    submission: (version: number, date: string) => `Lần ${version}, ${date}`,
    documentRef: (documentNumber: string, issuedOn: string | null) =>
      `số ${documentNumber}${issuedOn ? ` ngày ${issuedOn}` : ''}`,
    files: (names: readonly string[]) => `tệp: ${names.join(', ')}`,
  },
  figures: {
    row: 'Dòng',
    metric: 'Số liệu',
    unit: 'Đơn vị',
    total: 'Tổng hợp',
    agencyCount: 'Số cơ quan báo cáo',
    mean: '(bình quân)',
    none: 'Chưa có cơ quan nào báo cáo số liệu.',
  },
  agencies: {
    number: 'TT',
    agency: 'Cơ quan',
    doneOnTime: 'Hoàn thành đúng hạn',
    doneLate: 'Hoàn thành quá hạn',
    inProgressOnTime: 'Đang thực hiện trong hạn',
    overdueNotDone: 'Quá hạn chưa hoàn thành',
    onTimeRate: 'Tỷ lệ đúng hạn (%)',
    total: 'Tổng cộng',
    none: 'Chưa có cơ quan nào được giao nhiệm vụ.',
  },
  late: {
    number: 'TT',
    agency: 'Cơ quan',
    task: 'Nhiệm vụ',
    period: 'Kỳ',
    due: 'Hạn',
    workingDaysLate: 'Số ngày làm việc quá hạn',
    none: 'Không có nhiệm vụ quá hạn.',
  },
  difficulties: {
    line: (agency: string, rowKey: string, date: string, note: string) => `- ${agency} (${rowKey}, ${date}): ${note}`,
    none: 'Các cơ quan chưa phản ánh khó khăn, vướng mắc.',
  },
  recommendations: {
    placeholder: '[Sở Nội vụ bổ sung đề xuất, kiến nghị]',
  },
} as const;

export const reminderLetterWords = {
  planFollowUp: (planRef: string) =>
    `Thực hiện ${planRef}, Sở Nội vụ theo dõi, đôn đốc việc thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch.`,
  overdueIntro: (asOf: string, agency: string, overdue: number) =>
    `Theo dõi của Sở Nội vụ, đến ngày ${asOf}, ${agency} còn ${formatVietnameseNumber(overdue)} nhiệm vụ quá hạn chưa hoàn thành, cụ thể:`,
  noOverdue: (asOf: string, agency: string) =>
    `Theo dõi của Sở Nội vụ, đến ngày ${asOf}, ${agency} không còn nhiệm vụ quá hạn chưa hoàn thành.`,
  table: {
    number: 'TT',
    task: 'Nhiệm vụ',
    deliverable: 'Sản phẩm',
    period: 'Kỳ',
    due: 'Hạn',
    workingDaysLate: 'Số ngày làm việc quá hạn',
  },
  taskCell: (rowKey: string, task: string) => `${rowKey}. ${task}`,
  request: (agency: string, replyBy: string) =>
    `Sở Nội vụ đề nghị ${agency} khẩn trương hoàn thành, gửi sản phẩm trước ngày ${replyBy} để Sở Nội vụ tổng hợp, ` +
    'báo cáo Ủy ban nhân dân thành phố. Trường hợp có khó khăn, vướng mắc, đề nghị phản ánh bằng văn bản về Sở Nội vụ ' +
    'để được hướng dẫn, giải quyết.',
  contact: (unit: string, email: string | null) =>
    `Đầu mối liên hệ: ${withoutEndPunctuation(unit)}${email ? `, thư điện tử ${email}` : ''}.`,
  closing: 'Trân trọng./.',
} as const;

/** Drops a trailing ';', '.' or ',' so that a list can put its own. */
function withoutEndPunctuation(text: string): string {
  return text.trim().replace(/[;.,]+$/u, '').trimEnd();
}

/** Lower-cases the first letter unless the word is an abbreviation ("BHXH", "UBND"). */
function lowerFirst(text: string): string {
  const [first, second] = Array.from(text);
  if (first === undefined || (second !== undefined && second !== second.toLowerCase())) return text;
  return first.toLowerCase() + text.slice(first.length);
}
