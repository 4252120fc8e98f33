/**
 * Realistic report models for the renderers' specs and for looking at a generated document:
 * the Hải Phòng plan HP-BHXH-2030 (workflows/hp-bhxh-2030) in December 2026. Also a small
 * reader that turns a DOCX's word/document.xml back into lines of text, for assertions that
 * read like the document.
 */
import {
  type AgencyCompliance,
  type AnnualReportModel,
  type ClassificationCounts,
  type ComplianceLine,
  type ReminderLetterModel,
  type ReportSection,
  type TargetResult,
} from '../report.model';

const PLAN = {
  code: 'HP-BHXH-2030',
  title: 'Kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn thành phố Hải Phòng đến năm 2030',
  documentNumber: null,
  issuedOn: null,
};

const LEGAL_BASES = [
  'Nghị quyết 403/NQ-CP ngày 10/12/2025 của Chính phủ về giao chỉ tiêu phát triển đối tượng tham gia BHXH đến năm 2030.',
  'Nghị quyết 73/NQ-HĐND ngày 11/12/2025 của HĐND thành phố về phát triển KT-XH, QP-AN 5 năm 2026–2030.',
  'Kế hoạch 52/KH-UBND ngày 13/02/2026 của UBND thành phố về phát triển KT-XH, QP-AN 5 năm 2026–2030.',
  'Luật Bảo hiểm xã hội 2024.',
  'Luật Việc làm 2025.',
];

export function compliance(counts: Partial<ClassificationCounts>, extra: Partial<ComplianceLine> = {}): ComplianceLine {
  const full: ClassificationCounts = {
    doneOnTime: 0,
    doneLate: 0,
    inProgressOnTime: 0,
    overdueNotDone: 0,
    waived: 0,
    cancelled: 0,
    ...counts,
  };
  const done = full.doneOnTime + full.doneLate;
  return {
    counts: full,
    total: full.doneOnTime + full.doneLate + full.inProgressOnTime + full.overdueNotDone,
    onTimeRate: done === 0 ? null : Math.round((1000 * full.doneOnTime) / done) / 10,
    averageWorkingDaysLate: null,
    ...extra,
  };
}

function target(
  code: 'participants_total' | 'participants_voluntary',
  year: number,
  value: number | null,
  actual: number | null,
  extra: Partial<TargetResult> = {},
): TargetResult {
  const isTotal = code === 'participants_total';
  const targetKind = isTotal ? 'target' : 'minimum';
  const percentOfTarget = value === null || actual === null ? null : Math.round((1000 * actual) / value) / 10;
  return {
    indicatorCode: code,
    indicatorName: isTotal ? 'Tổng số người tham gia BHXH' : 'Số người tham gia BHXH tự nguyện',
    unit: 'người',
    targetKind,
    year,
    target: value,
    targetProvenance: 'verbatim',
    targetNote: null,
    actual,
    actualAsOf: actual === null ? null : `${year}-11-30`,
    actualSource: actual === null ? null : 'BHXH thành phố',
    percentOfTarget,
    met: value === null || actual === null ? null : actual >= value,
    ...extra,
  };
}

/** The five-year targets of the plan; 2030's total is marked uncertain as in plan.yaml. */
export const PLAN_TARGETS: Record<'participants_total' | 'participants_voluntary', Record<number, number>> = {
  participants_total: { 2026: 1_184_000, 2027: 1_267_000, 2028: 1_355_000, 2029: 1_450_000, 2030: 1_551_000 },
  participants_voluntary: { 2026: 99_000, 2027: 105_000, 2028: 111_000, 2029: 118_000, 2030: 125_000 },
};

export const UNCERTAIN_2030_NOTE =
  'Bản quét đọc "1.551.009"; 1.551.000 khớp với dãy số các năm — chưa chắc chắn, cần đối chiếu bản gốc.';

function sections(): ReportSection[] {
  return [
    {
      key: 'I',
      title: 'Công tác chỉ đạo, điều hành',
      provenance: 'inferred',
      note: 'Tên mục suy ra từ phần III.1 của kế hoạch; các dòng của mục này không có trong bản quét.',
      rows: [],
      compliance: compliance({}),
    },
    {
      key: 'III',
      title: 'Công tác tuyên truyền, vận động',
      provenance: 'inferred',
      note: 'Tên mục suy ra từ phần III.3 của kế hoạch; các dòng 1–5 không có trong bản quét.',
      compliance: compliance({ doneOnTime: 1, doneLate: 1, overdueNotDone: 1, inProgressOnTime: 1 }),
      rows: [
        {
          key: 'III.6',
          task: '… về phát triển người tham gia BHXH',
          deliverable: 'Kế hoạch',
          timing: 'Hằng năm',
          provenance: 'uncertain',
          leadAgencies: ['… Công nghệ'],
          supportAgencies: ['BHXH thành phố'],
          compliance: compliance({ inProgressOnTime: 1 }),
          instances: [
            {
              agencyCode: 'SKHCN',
              agencyName: 'Sở Khoa học và Công nghệ',
              role: 'lead',
              periodLabel: 'Năm 2026',
              dueDate: '2026-12-15',
              statusLabel: 'Đang thực hiện',
              classificationLabel: 'Đang thực hiện trong hạn',
              submissions: [],
            },
          ],
        },
        {
          key: 'III.11',
          task: 'Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở',
          deliverable: 'Số hoạt động tuyên truyền',
          timing: 'Thường xuyên',
          provenance: null,
          leadAgencies: ['UBND các xã, phường, đặc khu'],
          supportAgencies: ['BHXH cơ sở'],
          compliance: compliance({ overdueNotDone: 1 }, { averageWorkingDaysLate: 124 }),
          instances: [
            {
              agencyCode: '11311',
              agencyName: 'UBND phường Hồng Bàng',
              role: 'lead',
              periodLabel: '6 tháng đầu năm 2026',
              dueDate: '2026-06-15',
              statusLabel: 'Đang thực hiện',
              classificationLabel: 'Quá hạn chưa hoàn thành',
              submissions: [],
            },
          ],
        },
        {
          key: 'III.12',
          task: 'Triển khai "Tháng vận động triển khai BHXH toàn dân"',
          deliverable: 'Kế hoạch, báo cáo thực hiện hằng năm',
          timing: 'Tháng 5 (hằng năm)',
          provenance: null,
          leadAgencies: ['BHXH thành phố', 'BHXH cơ sở'],
          supportAgencies: ['Sở Nội vụ', 'UBND các xã, phường, đặc khu'],
          compliance: compliance({ doneOnTime: 1, doneLate: 1 }, { averageWorkingDaysLate: 3 }),
          instances: [
            {
              agencyCode: 'BHXH',
              agencyName: 'BHXH thành phố',
              role: 'lead',
              periodLabel: 'Tháng 5/2026',
              dueDate: '2026-05-29',
              statusLabel: 'Đã chấp nhận',
              classificationLabel: 'Hoàn thành đúng hạn',
              submissions: [
                {
                  version: 1,
                  submittedAt: '2026-05-25T09:30:00.000+07:00',
                  reviewStatus: 'accepted',
                  documentNumber: '215/KH-BHXH',
                  issuedOn: '2026-05-20',
                  link: 'https://baohiemxahoi.gov.vn/haiphong/thang-van-dong-2026',
                  fileNames: ['Ke hoach thang van dong 2026.pdf'],
                },
              ],
            },
            {
              agencyCode: '11311',
              agencyName: 'UBND phường Hồng Bàng',
              role: 'support',
              periodLabel: 'Tháng 5/2026',
              dueDate: '2026-05-29',
              statusLabel: 'Đã chấp nhận',
              classificationLabel: 'Hoàn thành quá hạn',
              submissions: [
                {
                  version: 1,
                  submittedAt: '2026-06-02T16:45:00.000Z',
                  reviewStatus: 'returned',
                  documentNumber: null,
                  issuedOn: null,
                  link: null,
                  fileNames: ['Bao cao thang 5.docx'],
                },
                {
                  version: 2,
                  submittedAt: '2026-06-04T02:00:00.000Z',
                  reviewStatus: 'accepted',
                  documentNumber: '88/BC-UBND',
                  issuedOn: '2026-06-03',
                  link: null,
                  fileNames: ['Bao cao thang 5 (bo sung).docx', 'Danh sach nguoi tham gia.xlsx'],
                },
              ],
            },
          ],
        },
      ],
    },
    {
      key: 'V',
      title: 'Nâng cao hiệu lực quản lý nhà nước, thanh tra, kiểm tra',
      provenance: 'verbatim',
      note: null,
      compliance: compliance({ overdueNotDone: 1, inProgressOnTime: 2 }),
      rows: [
        {
          key: 'V.1',
          task: 'Khảo sát mức độ hài lòng của người dân, tổ chức',
          deliverable: 'Báo cáo khảo sát',
          timing: 'Hằng năm',
          provenance: null,
          leadAgencies: ['BHXH thành phố'],
          supportAgencies: ['Sở Nội vụ'],
          compliance: compliance({ inProgressOnTime: 1 }),
          instances: [
            {
              agencyCode: 'BHXH',
              agencyName: 'BHXH thành phố',
              role: 'lead',
              periodLabel: 'Năm 2026',
              dueDate: '2026-12-15',
              statusLabel: 'Đang thực hiện',
              classificationLabel: 'Đang thực hiện trong hạn',
              submissions: [],
            },
          ],
        },
        {
          key: 'V.7',
          task:
            'Phối hợp theo dõi chặt chẽ việc chấp hành pháp luật về BHXH của các chủ đầu tư, doanh nghiệp xây dựng; ' +
            'kịp thời phản ánh, kiến nghị cơ quan có thẩm quyền xử lý các trường hợp vi phạm',
          deliverable: 'Danh sách doanh nghiệp; kiến nghị xử lý',
          timing: 'Thường xuyên',
          provenance: null,
          leadAgencies: ['Sở Xây dựng'],
          supportAgencies: ['Sở Nội vụ', 'BHXH thành phố', 'Thanh tra thành phố'],
          compliance: compliance({ overdueNotDone: 1, inProgressOnTime: 1 }, { averageWorkingDaysLate: 124 }),
          instances: [
            {
              agencyCode: 'SXD',
              agencyName: 'Sở Xây dựng',
              role: 'lead',
              periodLabel: '6 tháng đầu năm 2026',
              dueDate: '2026-06-15',
              statusLabel: 'Đang thực hiện',
              classificationLabel: 'Quá hạn chưa hoàn thành',
              submissions: [],
            },
            {
              agencyCode: 'SXD',
              agencyName: 'Sở Xây dựng',
              role: 'lead',
              periodLabel: '6 tháng cuối năm 2026',
              dueDate: '2026-12-15',
              statusLabel: 'Đang thực hiện',
              classificationLabel: 'Đang thực hiện trong hạn',
              submissions: [],
            },
          ],
        },
      ],
    },
    {
      key: 'VI',
      title: 'Công tác báo cáo',
      provenance: 'verbatim',
      note: null,
      compliance: compliance({ inProgressOnTime: 1 }),
      rows: [
        {
          key: 'VI.1',
          task:
            'Sơ kết, đánh giá kết quả phát triển đối tượng tham gia BHXH trên địa bàn thành phố và xây dựng báo cáo ' +
            'của UBND thành phố về kết quả thực hiện Nghị quyết số 403/NQ-CP gửi Bộ Nội vụ, Bộ Tài chính',
          deliverable: 'Dự thảo báo cáo của UBND thành phố',
          timing: 'Định kỳ, trước ngày 25/12 hằng năm',
          provenance: null,
          leadAgencies: ['Sở Nội vụ'],
          supportAgencies: ['BHXH thành phố', 'các cơ quan liên quan'],
          compliance: compliance({ inProgressOnTime: 1 }),
          instances: [
            {
              agencyCode: 'SNV',
              agencyName: 'Sở Nội vụ',
              role: 'lead',
              periodLabel: 'Năm 2026',
              dueDate: '2026-12-24',
              statusLabel: 'Đang thực hiện',
              classificationLabel: 'Đang thực hiện trong hạn',
              submissions: [],
            },
          ],
        },
      ],
    },
  ];
}

function agencies(): AgencyCompliance[] {
  return [
    { code: 'BHXH', name: 'BHXH thành phố', ...compliance({ doneOnTime: 1, inProgressOnTime: 1 }) },
    { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', ...compliance({ inProgressOnTime: 1 }) },
    { code: 'SNV', name: 'Sở Nội vụ', ...compliance({ inProgressOnTime: 1 }) },
    {
      code: 'SXD',
      name: 'Sở Xây dựng',
      ...compliance({ overdueNotDone: 1, inProgressOnTime: 1 }, { averageWorkingDaysLate: 124 }),
    },
    {
      code: '11311',
      name: 'UBND phường Hồng Bàng',
      ...compliance({ doneLate: 1, overdueNotDone: 1 }, { averageWorkingDaysLate: 63.5 }),
    },
  ];
}

/** The city's report for 2026 as the builder would give it on 15/12/2026 (cut-off 14/12). */
export function sampleAnnualReport(overrides: Partial<AnnualReportModel> = {}): AnnualReportModel {
  return {
    kind: 'annual',
    plan: { ...PLAN, issuer: 'Ủy ban nhân dân thành phố Hải Phòng' },
    year: 2026,
    years: { from: 2026, to: 2026 },
    heading: {
      issuingBody: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      numberSymbol: 'BC-UBND',
      place: 'Hải Phòng',
      date: '2026-12-15',
    },
    title:
      'Kết quả thực hiện kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn thành phố Hải Phòng ' +
      'đến năm 2030 năm 2026',
    legalBases: LEGAL_BASES,
    cutoff: '2026-12-14',
    snapshotTakenAt: '2026-12-14T17:00:05.000Z',
    generatedAt: '2026-12-15T02:30:00.000Z',
    targets: [
      target('participants_total', 2026, PLAN_TARGETS.participants_total[2026], 1_152_340),
      target('participants_voluntary', 2026, PLAN_TARGETS.participants_voluntary[2026], 101_250),
    ],
    allocations: [
      {
        indicatorCode: 'participants_total',
        indicatorName: 'Tổng số người tham gia BHXH',
        unit: 'người',
        year: 2026,
        allocated: 114,
        assessed: 110,
        behind: [{ agencyName: 'UBND phường Hồng Bàng', target: 10_000, latest: 9_100, latestDate: '2026-06-30', expected: 9_496 }],
      },
    ],
    sections: sections(),
    figures: [
      {
        rowKey: 'III.11',
        metricCode: 'communication_activities',
        metricName: 'Số hoạt động tuyên truyền',
        unit: 'hoạt động',
        total: 1_275,
        aggregation: 'sum',
        agencyCount: 86,
      },
      {
        rowKey: 'IV.4',
        metricCode: 'electronic_transaction_rate',
        metricName: 'Tỷ lệ hồ sơ giao dịch điện tử',
        unit: '%',
        total: 87.5,
        aggregation: 'mean',
        agencyCount: 12,
      },
    ],
    compliance: compliance(
      { doneOnTime: 1, doneLate: 1, inProgressOnTime: 5, overdueNotDone: 2, waived: 1 },
      { averageWorkingDaysLate: 83.7 },
    ),
    agencies: agencies(),
    late: [
      {
        agencyCode: 'SXD',
        agencyName: 'Sở Xây dựng',
        headName: null,
        rowKey: 'V.7',
        task: 'Phối hợp theo dõi chặt chẽ việc chấp hành pháp luật về BHXH của các chủ đầu tư, doanh nghiệp xây dựng',
        periodLabel: '6 tháng đầu năm 2026',
        dueDate: '2026-06-15',
        workingDaysLate: 124,
      },
      {
        agencyCode: '11311',
        agencyName: 'UBND phường Hồng Bàng',
        headName: null,
        rowKey: 'III.11',
        task: 'Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở',
        periodLabel: '6 tháng đầu năm 2026',
        dueDate: '2026-06-15',
        workingDaysLate: 124,
      },
    ],
    difficulties: [
      {
        agencyName: 'UBND phường Hồng Bàng',
        rowKey: 'III.12',
        submittedAt: '2026-06-04T02:00:00.000Z',
        note: 'Thiếu kinh phí in tờ rơi; đề nghị BHXH thành phố hỗ trợ tài liệu tuyên truyền.',
      },
    ],
    recipients: [
      'Bộ Nội vụ',
      'Bộ Tài chính',
      'TT Thành ủy, TT HĐND thành phố',
      'Chủ tịch, các PCT UBND thành phố',
      'Sở Nội vụ',
      'BHXH thành phố',
      'Lưu: VT',
    ],
    signature: { capacity: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn Tùng' },
    ...overrides,
  };
}

/** Every (indicator, year) target of the plan, with results up to 2028 and 2030's mark. */
export function finalTargets(): TargetResult[] {
  const actuals: Record<number, [number, number] | null> = {
    2026: [1_190_120, 101_250],
    2027: [1_270_400, 104_100],
    2028: [1_349_800, 112_500],
    2029: null,
    2030: null,
  };
  return (['participants_total', 'participants_voluntary'] as const).flatMap((code, index) =>
    [2026, 2027, 2028, 2029, 2030].map((year) => {
      const uncertain = code === 'participants_total' && year === 2030;
      return target(code, year, PLAN_TARGETS[code][year], actuals[year]?.[index] ?? null, {
        targetProvenance: uncertain ? 'uncertain' : 'verbatim',
        targetNote: uncertain ? UNCERTAIN_2030_NOTE : null,
      });
    }),
  );
}

/** The final report of the plan (2026–2030), dated 15/12/2030 with data to 14/12/2030. */
export function sampleFinalReport(overrides: Partial<AnnualReportModel> = {}): AnnualReportModel {
  return sampleAnnualReport({
    kind: 'final',
    year: 2030,
    years: { from: 2026, to: 2030 },
    heading: { issuingBody: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG', numberSymbol: 'BC-UBND', place: 'Hải Phòng', date: null },
    title:
      'Tổng kết thực hiện kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn thành phố Hải Phòng ' +
      'đến năm 2030 giai đoạn 2026–2030',
    cutoff: '2030-12-14',
    snapshotTakenAt: '2030-12-14T17:00:03.000Z',
    generatedAt: '2030-12-15T01:00:00.000Z',
    targets: finalTargets(),
    ...overrides,
  });
}

/** The Sở Nội vụ's letter to the Sở Xây dựng, as of 14/12/2026. */
export function sampleReminderLetter(overrides: Partial<ReminderLetterModel> = {}): ReminderLetterModel {
  return {
    heading: {
      parentBody: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      issuingBody: 'SỞ NỘI VỤ',
      numberSymbol: 'SNV-VP',
      place: 'Hải Phòng',
      date: null,
    },
    subject: `V/v đôn đốc thực hiện nhiệm vụ tại ${PLAN.title.replace(/^K/u, 'k')}`,
    addressees: ['Sở Xây dựng thành phố Hải Phòng'],
    agency: { code: 'SXD', name: 'Sở Xây dựng', headName: 'Trần Minh Đức' },
    plan: { ...PLAN },
    asOf: '2026-12-14',
    overdue: [
      {
        rowKey: 'V.7',
        task: 'Phối hợp theo dõi chặt chẽ việc chấp hành pháp luật về BHXH của các chủ đầu tư, doanh nghiệp xây dựng',
        deliverable: 'Danh sách doanh nghiệp; kiến nghị xử lý',
        periodLabel: '6 tháng đầu năm 2026',
        dueDate: '2026-06-15',
        workingDaysLate: 124,
      },
      {
        rowKey: 'V.7',
        task: 'Phối hợp theo dõi chặt chẽ việc chấp hành pháp luật về BHXH của các chủ đầu tư, doanh nghiệp xây dựng',
        deliverable: 'Danh sách doanh nghiệp; kiến nghị xử lý',
        periodLabel: '6 tháng cuối năm 2025',
        dueDate: '2025-12-15',
        workingDaysLate: 248,
      },
    ],
    replyBy: '2026-12-22',
    contact: { unit: 'Phòng Công chức, viên chức – Sở Nội vụ', email: 'phongccvc.snv@haiphong.gov.vn' },
    recipients: ['Như trên', 'UBND thành phố (để báo cáo)', 'Lưu: VT'],
    signature: { capacity: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: null },
    ...overrides,
  };
}

// ---------------------------------------------------------------- reading a document back

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/giu, (_match, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return XML_ENTITIES[entity.toLowerCase()];
  });
}

const PARAGRAPH = /<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/gu;
const TEXT = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu;

function paragraphText(paragraphXml: string): string {
  return Array.from(paragraphXml.matchAll(TEXT), (match) => decodeXml(match[1])).join('');
}

/** The text of each paragraph (w:p) of a word/document.xml, in order; empty paragraphs included. */
export function paragraphTexts(documentXml: string): string[] {
  return (documentXml.match(PARAGRAPH) ?? []).map(paragraphText);
}

/** The XML of the first paragraph whose whole text is `text` (to look at its formatting), or undefined. */
export function paragraphXml(documentXml: string, text: string): string | undefined {
  return (documentXml.match(PARAGRAPH) ?? []).find((paragraph) => paragraphText(paragraph) === text);
}

/**
 * Each table (w:tbl) as rows of cells, a cell's paragraphs joined by "\n". The documents do not
 * nest tables, so a table ends at the first </w:tbl>.
 */
export function documentTables(documentXml: string): string[][][] {
  return (documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/gu) ?? []).map((table) =>
    (table.match(/<w:tr[ >][\s\S]*?<\/w:tr>/gu) ?? []).map((row) =>
      (row.match(/<w:tc>[\s\S]*?<\/w:tc>/gu) ?? []).map((cell) => paragraphTexts(cell).join('\n')),
    ),
  );
}
