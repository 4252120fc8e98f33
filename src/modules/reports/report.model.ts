/**
 * What the generated documents hold, as plain data: the report builder fills it from the
 * database, and each renderer (DOCX, HTML, XLSX) lays it out. Dates are LocalDate
 * ('YYYY-MM-DD', Hà Nội time) or ISO instants; renderers format them dd/mm/yyyy.
 */
import type { IndicatorYearResult } from '../indicators/indicators.service';
import type { LocalDate } from '../scheduling/domain/local-date';

/** The four classifications of Vietnamese task tracking, plus the two outside them. */
export interface ClassificationCounts {
  doneOnTime: number;
  doneLate: number;
  inProgressOnTime: number;
  overdueNotDone: number;
  waived: number;
  cancelled: number;
}

export interface ComplianceLine {
  counts: ClassificationCounts;
  /** The four classes added up (waived and cancelled left out). */
  total: number;
  /** Done on time / done (on time + late), in percent with one decimal; null when nothing is done. */
  onTimeRate: number | null;
  /** Mean working days late over the late ones (done late, and overdue not done as of the date); null when none. */
  averageWorkingDaysLate: number | null;
}

/**
 * The layout of an administrative document under Nghị định 30/2020/NĐ-CP: the issuing body
 * (with its parent body above it when there is one), the number left blank to fill, the place
 * and date (blank when null), the national motto header.
 */
export interface OfficialHeading {
  /** e.g. 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG' for a body under it; absent for the city itself. */
  parentBody?: string;
  /** e.g. 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG' or 'SỞ NỘI VỤ'. */
  issuingBody: string;
  /** The symbol after the blank number: 'BC-UBND' gives "Số:      /BC-UBND". */
  numberSymbol: string;
  place: string;
  /** Null leaves "ngày    tháng    năm" to fill by hand. */
  date: LocalDate | null;
}

export interface SignatureBlock {
  /** Upper-case lines above the signature: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']. */
  capacity: string[];
  /** The signer's name; null leaves the space blank. */
  name: string | null;
}

/** An indicator's target in a year and the city's result at the year's cut-off, as IndicatorsService reads them. */
export type TargetResult = IndicatorYearResult;

/** One agency or commune's progress against its allocated target, when it is behind. */
export interface AllocationBehind {
  agencyName: string;
  target: number;
  latest: number;
  latestDate: LocalDate;
  /** The straight-line value expected on latestDate. */
  expected: number;
}

/** How an indicator's allocations stand at the cut-off: how many are behind their trajectory. */
export interface AllocationProgress {
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  year: number;
  /** Agencies or communes with an allocated target. */
  allocated: number;
  /** Of them, those with figures to judge by. */
  assessed: number;
  behind: AllocationBehind[];
}

export interface DeliveredSubmission {
  version: number;
  submittedAt: string;
  reviewStatus: string;
  documentNumber: string | null;
  issuedOn: LocalDate | null;
  link: string | null;
  fileNames: string[];
}

export interface RowInstance {
  agencyCode: string;
  agencyName: string;
  /** 'lead' | 'support' */
  role: string;
  periodLabel: string;
  dueDate: LocalDate;
  statusLabel: string;
  classificationLabel: string;
  submissions: DeliveredSubmission[];
}

export interface ReportRow {
  key: string;
  task: string;
  deliverable: string;
  timing: string;
  /** The plan's mark on the row when it is not verbatim ('uncertain', 'inferred'), else null. */
  provenance: string | null;
  leadAgencies: string[];
  supportAgencies: string[];
  compliance: ComplianceLine;
  instances: RowInstance[];
}

export interface ReportSection {
  key: string;
  title: string;
  /** 'verbatim' | 'inferred' … as in the plan. */
  provenance: string;
  note: string | null;
  rows: ReportRow[];
  compliance: ComplianceLine;
}

export interface FigureTotal {
  rowKey: string;
  metricCode: string;
  metricName: string;
  unit: string;
  /** Sum over agencies of each agency's latest figure in the year (percentages: the mean). */
  total: number;
  /** 'sum' or 'mean' (percentages are averaged, not added). */
  aggregation: 'sum' | 'mean';
  agencyCount: number;
}

export interface AgencyCompliance extends ComplianceLine {
  code: string;
  name: string;
}

export interface LateItem {
  agencyCode: string;
  agencyName: string;
  headName: string | null;
  rowKey: string;
  task: string;
  periodLabel: string;
  dueDate: LocalDate;
  workingDaysLate: number;
}

export interface Difficulty {
  agencyName: string;
  rowKey: string;
  submittedAt: string;
  note: string;
}

export interface AnnualReportModel {
  kind: 'annual' | 'final';
  plan: { code: string; title: string; documentNumber: string | null; issuedOn: LocalDate | null; issuer: string };
  /** The year reported on; for the final report, the last year of the plan. */
  year: number;
  /** The years covered: one for an annual report, 2026–2030 for the final one. */
  years: { from: number; to: number };
  heading: OfficialHeading;
  /** e.g. 'Kết quả thực hiện Kế hoạch … năm 2026'. */
  title: string;
  legalBases: string[];
  /** The data cut-off: figures and compliance are as of the end of this day. */
  cutoff: LocalDate;
  /** When the compliance snapshot at the cut-off was taken; null when computed live (before the cut-off). */
  snapshotTakenAt: string | null;
  generatedAt: string;
  targets: TargetResult[];
  /** Per indicator with allocations in the report's last year: who is behind. */
  allocations: AllocationProgress[];
  sections: ReportSection[];
  figures: FigureTotal[];
  compliance: ComplianceLine;
  agencies: AgencyCompliance[];
  late: LateItem[];
  difficulties: Difficulty[];
  recipients: string[];
  signature: SignatureBlock;
}

export interface OverdueTask {
  rowKey: string;
  task: string;
  deliverable: string;
  periodLabel: string;
  dueDate: LocalDate;
  workingDaysLate: number;
}

/** Công văn đôn đốc: a letter from the monitor to a late agency's head. */
export interface ReminderLetterModel {
  heading: OfficialHeading;
  /** Trích yếu: 'V/v đôn đốc thực hiện nhiệm vụ tại Kế hoạch …'. */
  subject: string;
  /** 'Kính gửi: …' lines. */
  addressees: string[];
  agency: { code: string; name: string; headName: string | null };
  plan: { code: string; title: string; documentNumber: string | null; issuedOn: LocalDate | null };
  asOf: LocalDate;
  overdue: OverdueTask[];
  /** The date the agency is asked to deliver by. */
  replyBy: LocalDate;
  contact: { unit: string; email: string | null } | null;
  recipients: string[];
  signature: SignatureBlock;
}
