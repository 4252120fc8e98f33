/**
 * What a submission must carry, decided from the row's deliverable and the instance's role,
 * and the checking of its text fields (note, link, official document's metadata, figures).
 * Pure: the service passes in the fields as received and the number of accepted files.
 */
import { isValidDateParts, localDate, parseLocalDate, isAfter, type LocalDate } from '../../scheduling/domain/local-date';
import { deliverableMessages as say } from '../deliverables.messages';
import { parseFigures, type FigureValue, type MetricDefinition } from './figures';

export type DeliverableKind = 'document' | 'report' | 'plan' | 'list' | 'metric' | 'system' | 'link';

export interface DeliverableSpec {
  kind: DeliverableKind;
  name: string;
  metrics: MetricDefinition[];
}

/** The text fields of a submission form (multipart fields or JSON). */
export const SUBMISSION_FIELDS = ['note', 'figures', 'link', 'documentNumber', 'issuedOn', 'signer'] as const;
export type SubmissionField = (typeof SUBMISSION_FIELDS)[number];

export interface OfficialDocument {
  /** Số/ký hiệu, e.g. "125/KH-UBND". */
  number: string | null;
  /** Ngày ban hành. */
  issuedOn: LocalDate | null;
  /** Người ký. */
  signer: string | null;
}

export interface SubmissionContent {
  note: string | null;
  link: string | null;
  document: OfficialDocument | null;
  figures: FigureValue[];
}

export interface ContentError {
  field: SubmissionField | 'files';
  /** The metric code for a figure problem. */
  code?: string;
  message: string;
}

export interface ContentInput {
  deliverable: DeliverableSpec;
  /** Supporting agencies send a contribution: anything of substance, figures optional. */
  role: 'lead' | 'support';
  fields: ReadonlyMap<string, string>;
  fileCount: number;
  /** The submitter's today (Asia/Ho_Chi_Minh): an issue date cannot be later. */
  today: LocalDate;
}

export const MAX_NOTE_LENGTH = 4000;
const MAX_TEXT_LENGTH = 200;
const MAX_LINK_LENGTH = 2000;

/** "dd/mm/yyyy" as Vietnamese write it, or ISO "yyyy-mm-dd". */
export function parseVietnameseDate(text: string): LocalDate | undefined {
  const trimmed = text.trim();
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(trimmed);
  if (match) {
    const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return isValidDateParts(year, month, day) ? localDate(year, month, day) : undefined;
  }
  return parseLocalDate(trimmed);
}

function text(fields: ReadonlyMap<string, string>, name: SubmissionField): string | null {
  const value = fields.get(name)?.normalize('NFC').trim();
  return value ? value : null;
}

export function checkSubmissionContent(input: ContentInput): { ok: true; content: SubmissionContent } | { ok: false; errors: ContentError[] } {
  const { deliverable, role, fields, fileCount, today } = input;
  const errors: ContentError[] = [];

  const note = text(fields, 'note');
  if (note && note.length > MAX_NOTE_LENGTH) errors.push({ field: 'note', message: say.noteTooLong(MAX_NOTE_LENGTH) });

  const link = text(fields, 'link');
  if (link) {
    let valid = link.length <= MAX_LINK_LENGTH;
    try {
      valid &&= ['http:', 'https:'].includes(new URL(link).protocol);
    } catch {
      valid = false;
    }
    if (!valid) errors.push({ field: 'link', message: say.linkInvalid });
  }

  const number = text(fields, 'documentNumber');
  const signer = text(fields, 'signer');
  const issuedText = text(fields, 'issuedOn');
  let issuedOn: LocalDate | null = null;
  if (number && number.length > MAX_TEXT_LENGTH) errors.push({ field: 'documentNumber', message: say.textTooLong('Số/ký hiệu', MAX_TEXT_LENGTH) });
  if (signer && signer.length > MAX_TEXT_LENGTH) errors.push({ field: 'signer', message: say.textTooLong('Người ký', MAX_TEXT_LENGTH) });
  if (issuedText) {
    const parsed = parseVietnameseDate(issuedText);
    if (!parsed) errors.push({ field: 'issuedOn', message: say.issuedOnInvalid(issuedText) });
    else if (isAfter(parsed, today)) errors.push({ field: 'issuedOn', message: say.issuedOnInFuture });
    else issuedOn = parsed;
  }
  const document = number || signer || issuedText ? { number, issuedOn, signer } : null;

  let figures: FigureValue[] = [];
  const figuresText = fields.get('figures');
  const hasFigures = figuresText !== undefined && figuresText.trim() !== '';
  if (hasFigures || (role === 'lead' && deliverable.metrics.length > 0)) {
    let parsedJson: unknown = {};
    if (hasFigures) {
      try {
        parsedJson = JSON.parse(figuresText);
      } catch {
        parsedJson = undefined;
        errors.push({ field: 'figures', message: say.figuresNotJson });
      }
    }
    if (parsedJson !== undefined) {
      if (deliverable.metrics.length === 0 && hasFigures) {
        errors.push({ field: 'figures', message: say.figuresNotExpected });
      } else {
        const result = parseFigures(deliverable.metrics, parsedJson);
        if (result.ok) figures = result.values;
        else errors.push(...result.errors.map((e) => ({ field: 'figures' as const, ...(e.code ? { code: e.code } : {}), message: e.message })));
      }
    }
  }

  // What makes the submission whole.
  if (role === 'support') {
    if (fileCount === 0 && !note && !link && figures.length === 0) errors.push({ field: 'files', message: say.contributionEmpty });
  } else if (deliverable.kind === 'link' || deliverable.kind === 'system') {
    if (!link && fileCount === 0) errors.push({ field: 'link', message: say.linkRequired(deliverable.name) });
  } else if (deliverable.kind !== 'metric') {
    if (fileCount === 0) errors.push({ field: 'files', message: say.fileRequired(deliverable.name) });
  }

  return errors.length ? { ok: false, errors } : { ok: true, content: { note, link, document, figures } };
}
