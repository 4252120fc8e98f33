/** The definitions of one or more plans and their agency directory, checked and ready to load. */

export type ProvenanceMark = 'verbatim' | 'uncertain' | 'inferred';
export type Confirmation = 'official' | 'to_be_confirmed';

export interface Contact {
  name: string | null;
  title: string | null;
  email: string;
  phone: string | null;
}

export interface AgencyDefinition {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  level: 'city' | 'commune';
  officialCode: string | null;
  unitName: string | null;
  unitType: 'xa' | 'phuong' | 'dac_khu' | null;
  confirmation: Confirmation;
  head: Contact | null;
  focalPoints: Contact[];
  sourceFile: string;
}

export interface GroupDefinition {
  code: string;
  name: string;
  description: string | null;
  membership: 'listed' | 'pending' | 'per_row';
  confirmation: Confirmation;
  members: string[];
  sourceFile: string;
}

export interface SectionDefinition {
  key: string;
  title: string;
  provenance: ProvenanceMark;
  rowsInSource: boolean;
  rowsNotInSource: string[];
  note: string | null;
}

export interface IndicatorDefinition {
  code: string;
  name: string;
  unit: string;
  targetKind: 'target' | 'minimum' | 'maximum';
  partOf: string | null;
  note: string | null;
  targets: { year: number; value: number; provenance: ProvenanceMark; note: string | null }[];
}

export interface Parties {
  text: string;
  parties: string[];
}

export interface Deliverable {
  kind: 'document' | 'report' | 'plan' | 'list' | 'metric' | 'system' | 'link';
  name: string;
  metrics: { code: string; name: string; unit: string; type?: 'integer' | 'decimal' | 'percentage' }[];
  /** Upload size limit of this row in MB; absent: the application's default. */
  maxUploadMB?: number;
  /** File types this row accepts; absent: the application's default list. */
  fileTypes?: string[];
}

export interface ProvenanceNote {
  field: string;
  mark: 'uncertain' | 'inferred';
  note: string;
}

/** The content of one appendix row; everything here is versioned. */
export interface RowContent {
  section: string;
  task: string;
  lead: Parties;
  support: Parties | null;
  deliverable: Deliverable;
  timing: string;
  provenance: ProvenanceMark;
  provenanceNotes: ProvenanceNote[];
  /** The row's override of the plan's reminder ladder, as written. */
  reminders?: Record<string, unknown>;
}

export interface RowDefinition extends RowContent {
  key: string;
  position: number;
}

/** The plan's own words for the documents phuluc drafts (plan.yaml `report:`); null = the generic default. */
export interface PlanReportDefinition {
  numberSymbol: string | null;
  recipients: string[] | null;
  letterNumberSymbol: string | null;
  letterRecipients: string[] | null;
  letterSigner: string | null;
}

export interface PlanDefinition {
  code: string;
  title: string;
  documentNumber: string | null;
  issuedOn: string | null;
  issuer: string;
  signer: string | null;
  report: PlanReportDefinition;
  monitoringAgency: string;
  horizon: { start: string; end: string };
  status: 'draft' | 'active' | 'closed';
  settings: Record<string, unknown>;
  legalBases: string[];
  notes: string[];
  sections: SectionDefinition[];
  indicators: IndicatorDefinition[];
  sourceFile: string;
  /** Undefined when the set holds the plan file but not its appendix: rows are then left as they are. */
  appendix?: { sourceFile: string; rows: RowDefinition[] };
}

export interface DefinitionWarning {
  file: string;
  item?: string;
  message: string;
}

/** One year of announced days off and make-up days, as in workflows/calendar (see working-calendar.ts). */
export interface CalendarYearDefinition {
  year: number;
  adjustments: unknown;
  sourceFile: string;
}

export interface DefinitionSet {
  agencies: AgencyDefinition[];
  groups: GroupDefinition[];
  plans: PlanDefinition[];
  calendarYears: CalendarYearDefinition[];
  /** Calendar files: years missing from them are removed. */
  calendarFiles: string[];
  /** Files that define directory entries: agencies or groups missing from them are retired. */
  directoryFiles: string[];
  warnings: DefinitionWarning[];
}
