import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsEmailAddress } from '../../../common/validation';
import { definitionMessages as m } from '../definitions.messages';
import { FIGURE_TYPES, type FigureType } from '../../deliverables/domain/figures';
import { UPLOAD_FILE_TYPES, type UploadFileType } from '../../deliverables/domain/file-kinds';

/** The shapes of the YAML files in `workflows/`. Cross-file rules live in check-definitions.ts. */

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const PROVENANCE_MARKS = ['verbatim', 'uncertain', 'inferred'] as const;
export type ProvenanceMark = (typeof PROVENANCE_MARKS)[number];
export const DELIVERABLE_KINDS = ['document', 'report', 'plan', 'list', 'metric', 'system', 'link'] as const;
export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export const CONFIRMATIONS = ['official', 'to_be_confirmed'] as const;
export const AGENCY_LEVELS = ['city', 'commune'] as const;
export const UNIT_TYPES = ['xa', 'phuong', 'dac_khu'] as const;
export const GROUP_MEMBERSHIPS = ['listed', 'pending', 'per_row'] as const;
export const INDICATOR_TARGET_KINDS = ['target', 'minimum', 'maximum'] as const;
export const ROW_FIELDS = ['task', 'lead', 'support', 'deliverable', 'timing', 'section', 'key'] as const;

const requiredText = () => [IsString({ message: m.mustBeText }), IsNotEmpty({ message: m.mustNotBeBlank })];
function RequiredText(): PropertyDecorator {
  return (target, key) => requiredText().forEach((d) => d(target, key));
}
function OptionalText(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_o, v) => v !== null && v !== undefined)(target, key);
    IsString({ message: m.mustBeText })(target, key);
  };
}
/** A list of non-blank texts. */
function TextList(): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: m.mustBeList })(target, key);
    IsString({ each: true, message: m.mustBeText })(target, key);
    IsNotEmpty({ each: true, message: m.mustNotBeBlank })(target, key);
  };
}
function Code(options: { each?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    IsString({ each: options.each, message: m.mustBeText })(target, key);
    Matches(CODE_PATTERN, { each: options.each, message: m.mustBeCode })(target, key);
  };
}
function OneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], { message: m.mustBeOneOf(values) });
}
function Nested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    if (options.each) IsArray({ message: m.mustBeList })(target, key);
    // ValidateNested alone lets a list stand where an object is due (`- []`): it finds nothing to check in it.
    if (options.each) IsObject({ each: true, message: m.eachMustBeObject })(target, key);
    ValidateNested({ each: options.each, message: m.mustBeObject })(target, key);
    Type(type)(target, key);
  };
}

export class ContactDto {
  @OptionalText() name?: string | null;
  @OptionalText() title?: string | null;
  @IsEmailAddress({ message: m.mustBeEmail }) email: string;
  @OptionalText() phone?: string | null;
}

export class AgencyDto {
  @Code() code: string;
  @RequiredText() name: string;
  @OptionalText() shortName?: string | null;
  @Code() kind: string;
  @OneOf(AGENCY_LEVELS) level: (typeof AGENCY_LEVELS)[number];
  @IsOptional() @Matches(/^\d{5}$/, { message: 'phải là mã 5 chữ số' }) officialCode?: string;
  @OptionalText() unitName?: string | null;
  @IsOptional() @OneOf(UNIT_TYPES) unitType?: (typeof UNIT_TYPES)[number];
  @IsOptional() @OneOf(CONFIRMATIONS) confirmation?: (typeof CONFIRMATIONS)[number];
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsObject({ message: m.mustBeObject }) @Nested(() => ContactDto) head?: ContactDto | null;
  @IsOptional() @Nested(() => ContactDto, { each: true }) focalPoints?: ContactDto[];
}

export class GroupDto {
  @Code() code: string;
  @RequiredText() name: string;
  @OptionalText() description?: string | null;
  @OneOf(GROUP_MEMBERSHIPS) membership: (typeof GROUP_MEMBERSHIPS)[number];
  @IsOptional() @OneOf(CONFIRMATIONS) confirmation?: (typeof CONFIRMATIONS)[number];
  @IsArray({ message: m.mustBeList }) @Code({ each: true }) members: string[];
}

export class DirectoryFileDto {
  @IsIn(['directory']) kind: 'directory';
  @RequiredText() name: string;
  @OneOf(CONFIRMATIONS) confirmation: (typeof CONFIRMATIONS)[number];
  @OptionalText() note?: string | null;
  @IsOptional() @Matches(DATE_PATTERN, { message: m.mustBeDate }) codesEffectiveFrom?: string;
  @IsOptional() @Nested(() => AgencyDto, { each: true }) agencies?: AgencyDto[];
  @IsOptional() @Nested(() => GroupDto, { each: true }) groups?: GroupDto[];
}

export class HorizonDto {
  @Matches(DATE_PATTERN, { message: m.mustBeDate }) start: string;
  @Matches(DATE_PATTERN, { message: m.mustBeDate }) end: string;
}

export class SectionDto {
  @RequiredText() key: string;
  @RequiredText() title: string;
  @OneOf(PROVENANCE_MARKS) provenance: ProvenanceMark;
  @IsOptional() @IsBoolean({ message: 'phải là true hoặc false' }) rowsInSource?: boolean;
  @IsOptional() @IsArray({ message: m.mustBeList }) @IsString({ each: true, message: m.mustBeText }) rowsNotInSource?: string[];
  @OptionalText() note?: string | null;
}

export class IndicatorTargetDto {
  @IsInt({ message: m.mustBeInteger }) year: number;
  @IsNumber({}, { message: m.mustBeNumber }) value: number;
  @IsOptional() @OneOf(PROVENANCE_MARKS) provenance?: ProvenanceMark;
  @OptionalText() note?: string | null;
}

export class IndicatorDto {
  @Code() code: string;
  @RequiredText() name: string;
  @RequiredText() unit: string;
  @OneOf(INDICATOR_TARGET_KINDS) targetKind: (typeof INDICATOR_TARGET_KINDS)[number];
  @IsOptional() @Code() partOf?: string;
  @OptionalText() note?: string | null;
  @Nested(() => IndicatorTargetDto, { each: true }) targets: IndicatorTargetDto[];
}

/**
 * The words of the documents phuluc drafts for the plan that are facts of this plan, not of the
 * product: who receives the report (the report row says so), the number symbols, who signs the
 * monitor's letters. Each one left out takes a generic default (reports.messages.ts).
 */
export class PlanReportDto {
  /** The symbol after the report's blank number: "BC-UBND" gives "Số:      /BC-UBND". */
  @OptionalText() numberSymbol?: string | null;
  /** "Nơi nhận" of the report, one recipient a line, the last usually "Lưu: VT". */
  @IsOptional() @TextList() recipients?: string[];
  /** The symbol after the number of the monitor's reminder letters ("SNV-VP"). */
  @OptionalText() letterNumberSymbol?: string | null;
  /** "Nơi nhận" of the reminder letters. */
  @IsOptional() @TextList() letterRecipients?: string[];
  /** Who signs the reminder letters, written as the plan's `signer`: "KT. Giám đốc – Phó Giám đốc". */
  @OptionalText() letterSigner?: string | null;
}

export class PlanFileDto {
  @IsIn(['plan']) kind: 'plan';
  @Code() code: string;
  @RequiredText() title: string;
  @OptionalText() documentNumber?: string | null;
  @ValidateIf((_o, v) => v !== null && v !== undefined) @Matches(DATE_PATTERN, { message: m.mustBeDate }) issuedOn?: string | null;
  @RequiredText() issuer: string;
  @OptionalText() signer?: string | null;
  @Code() monitoringAgency: string;
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsObject({ message: m.mustBeObject }) @Nested(() => PlanReportDto) report?: PlanReportDto | null;
  @IsObject({ message: m.mustBeObject }) @ValidateNested({ message: m.mustBeObject }) @Type(() => HorizonDto) @IsNotEmpty({ message: m.required }) horizon: HorizonDto;
  @IsOptional() @OneOf(PLAN_STATUSES) status?: (typeof PLAN_STATUSES)[number];
  /** Scheduling settings, checked by resolvePlanSettings() with the cross-file rules. */
  @IsOptional() @IsObject({ message: m.mustBeObject }) settings?: Record<string, unknown>;
  @IsOptional() @IsArray({ message: m.mustBeList }) @IsString({ each: true, message: m.mustBeText }) legalBases?: string[];
  @IsOptional() @IsArray({ message: m.mustBeList }) @IsString({ each: true, message: m.mustBeText }) notes?: string[];
  @Nested(() => SectionDto, { each: true }) @ArrayNotEmpty({ message: m.required }) sections: SectionDto[];
  @IsOptional() @Nested(() => IndicatorDto, { each: true }) indicators?: IndicatorDto[];
}

export class PartiesDto {
  @RequiredText() text: string;
  @IsArray({ message: m.mustBeList }) @ArrayNotEmpty({ message: m.required }) @Code({ each: true }) parties: string[];
}

export class MetricDto {
  @Code() code: string;
  @RequiredText() name: string;
  @RequiredText() unit: string;
  /** Default: percentage when the unit is "%", otherwise integer. */
  @IsOptional() @OneOf(FIGURE_TYPES) type?: FigureType;
}

export class DeliverableDto {
  @OneOf(DELIVERABLE_KINDS) kind: (typeof DELIVERABLE_KINDS)[number];
  @RequiredText() name: string;
  @IsOptional() @Nested(() => MetricDto, { each: true }) metrics?: MetricDto[];
  /** This row's upload size limit in MB (e.g. a video); default: the application's limit. */
  @IsOptional() @IsInt({ message: m.mustBeInteger }) @Min(1, { message: m.uploadLimitRange }) @Max(2048, { message: m.uploadLimitRange }) maxUploadMB?: number;
  /** The file types this row accepts; default: every type the application accepts. */
  @IsOptional() @IsArray({ message: m.mustBeList }) @ArrayNotEmpty({ message: m.mustNotBeBlank }) @IsIn(UPLOAD_FILE_TYPES as unknown as string[], { each: true, message: m.mustBeOneOf(UPLOAD_FILE_TYPES) })
  fileTypes?: UploadFileType[];
}

export class ProvenanceNoteDto {
  @OneOf(ROW_FIELDS) field: (typeof ROW_FIELDS)[number];
  @OneOf(['uncertain', 'inferred']) mark: 'uncertain' | 'inferred';
  @RequiredText() note: string;
}

export class AppendixRowDto {
  @RequiredText() key: string;
  @RequiredText() section: string;
  @RequiredText() task: string;
  @IsObject({ message: m.mustBeObject }) @ValidateNested({ message: m.mustBeObject }) @Type(() => PartiesDto) @IsNotEmpty({ message: m.required }) lead: PartiesDto;
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsObject({ message: m.mustBeObject }) @ValidateNested({ message: m.mustBeObject }) @Type(() => PartiesDto) support?: PartiesDto | null;
  @IsObject({ message: m.mustBeObject }) @ValidateNested({ message: m.mustBeObject }) @Type(() => DeliverableDto) @IsNotEmpty({ message: m.required }) deliverable: DeliverableDto;
  @RequiredText() timing: string;
  @OneOf(PROVENANCE_MARKS) provenance: ProvenanceMark;
  @IsOptional() @Nested(() => ProvenanceNoteDto, { each: true }) provenanceNotes?: ProvenanceNoteDto[];
  /** This row's own reminder ladder (replaces the plan's fields it names); checked by resolveReminderPolicy(). */
  @IsOptional() @IsObject({ message: m.mustBeObject }) reminders?: Record<string, unknown>;
}

export class AppendixFileDto {
  @IsIn(['appendix']) kind: 'appendix';
  @Code() plan: string;
  @Nested(() => AppendixRowDto, { each: true }) @ArrayNotEmpty({ message: m.required }) rows: AppendixRowDto[];
}

/** The working calendar's yearly announcements; each item is checked by readYearAdjustments(). */
export class CalendarFileDto {
  @IsIn(['calendar']) kind: 'calendar';
  @RequiredText() name: string;
  @OptionalText() note?: string | null;
  @IsArray({ message: m.mustBeList }) adjustments: unknown[];
}

export type DefinitionFileDto = DirectoryFileDto | PlanFileDto | AppendixFileDto | CalendarFileDto;
