/**
 * The figures an agency reports with a deliverable: one value per metric defined for the row,
 * typed (integer, decimal, percentage 0–100) and entered the Vietnamese way ("1.184.000",
 * "12,5", "12,5%").
 */
import { deliverableMessages } from '../deliverables.messages';

export const FIGURE_TYPES = ['integer', 'decimal', 'percentage'] as const;
export type FigureType = (typeof FIGURE_TYPES)[number];

/** A row's metric definition (`{ code, name, unit }` in the appendix) with optional typing. */
export interface MetricDefinition {
  code: string;
  name: string;
  unit: string;
  type?: FigureType;
  min?: number;
  max?: number;
}

export interface FigureValue {
  code: string;
  value: number;
}

export interface FigureError {
  code: string;
  message: string;
}

export type FiguresResult = { ok: true; values: FigureValue[] } | { ok: false; errors: FigureError[] };

/** 'percentage' when the unit is "%", otherwise 'integer' (counts of people, cases, activities). */
export function figureTypeOf(metric: MetricDefinition): FigureType {
  return metric.type ?? (metric.unit.trim() === '%' ? 'percentage' : 'integer');
}

/** The bounds a value must respect: percentages 0–100, everything else at least 0 unless stated. */
export function boundsOf(metric: MetricDefinition): { min: number; max: number } {
  const type = figureTypeOf(metric);
  const min = metric.min ?? 0;
  const max = metric.max ?? (type === 'percentage' ? 100 : Number.POSITIVE_INFINITY);
  return type === 'percentage' ? { min: Math.max(min, 0), max: Math.min(max, 100) } : { min, max };
}

/**
 * A number as Vietnamese users type it: "." or spaces group thousands, "," marks decimals, an
 * optional "%" at the end. A lone "." that does not group thousands ("12.5") is ambiguous and
 * refused rather than guessed.
 */
export function parseVietnameseNumber(text: string): { value: number; percent: boolean } | undefined {
  let trimmed = text.replace(/[\s\u00a0\u202f]+/gu, ' ').trim();
  const percent = trimmed.endsWith('%');
  if (percent) trimmed = trimmed.slice(0, -1).trim();
  const match = /^([+-]?)(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d+))?$/u.exec(trimmed);
  if (!match) return undefined;
  const [, sign, integerPart, fraction] = match;
  const grouping = integerPart.match(/[. ]/gu) ?? [];
  if (new Set(grouping).size > 1) return undefined; // "1.234 567" mixes separators
  const value = Number(`${sign}${integerPart.replace(/[. ]/gu, '')}${fraction !== undefined ? `.${fraction}` : ''}`);
  return Number.isFinite(value) ? { value: Object.is(value, -0) ? 0 : value, percent } : undefined;
}

function formatVietnamese(value: number): string {
  return value.toLocaleString('vi-VN', { maximumFractionDigits: 6 });
}

/** Accepts `{ code: value }` or `[{ code, value }]`; anything else is refused. */
function entriesOf(input: unknown): [string, unknown][] | undefined {
  if (Array.isArray(input)) {
    const entries: [string, unknown][] = [];
    for (const item of input) {
      if (typeof item !== 'object' || item === null || typeof (item as { code?: unknown }).code !== 'string') return undefined;
      entries.push([(item as { code: string }).code, (item as { value?: unknown }).value]);
    }
    return entries;
  }
  if (typeof input === 'object' && input !== null) return Object.entries(input);
  return undefined;
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function parseOne(metric: MetricDefinition, raw: unknown): number | FigureError {
  const type = figureTypeOf(metric);
  const fail = (message: string): FigureError => ({ code: metric.code, message });
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(deliverableMessages.figureNotANumber(metric.name));
    value = raw;
  } else if (typeof raw === 'string') {
    const parsed = parseVietnameseNumber(raw);
    if (!parsed || (parsed.percent && type !== 'percentage')) return fail(deliverableMessages.figureNotANumber(metric.name));
    value = parsed.value;
  } else {
    return fail(deliverableMessages.figureNotANumber(metric.name));
  }
  if (type === 'integer' && !Number.isSafeInteger(value)) return fail(deliverableMessages.figureNotInteger(metric.name));
  const { min, max } = boundsOf(metric);
  if (type === 'percentage' && (value < 0 || value > 100)) return fail(deliverableMessages.figurePercentRange(metric.name));
  if (value < min) return fail(deliverableMessages.figureBelowMin(metric.name, formatVietnamese(min)));
  if (value > max) return fail(deliverableMessages.figureAboveMax(metric.name, formatVietnamese(max)));
  return value;
}

/** Checks the figures sent with a deliverable against the row's metrics; every metric is required. */
export function parseFigures(metrics: readonly MetricDefinition[], input: unknown): FiguresResult {
  const entries = entriesOf(input);
  if (!entries) return { ok: false, errors: [{ code: '', message: deliverableMessages.figuresNotAnObject }] };

  const byCode = new Map(metrics.map((metric) => [metric.code, metric]));
  const given = new Map<string, unknown>();
  const errors: FigureError[] = [];
  for (const [code, raw] of entries) {
    if (!byCode.has(code)) errors.push({ code, message: deliverableMessages.figureUnknown(code) });
    else if (given.has(code)) errors.push({ code, message: deliverableMessages.figureDuplicate(code) });
    else given.set(code, raw);
  }

  const values: FigureValue[] = [];
  for (const metric of metrics) {
    const raw = given.get(metric.code);
    if (isBlank(raw)) {
      errors.push({ code: metric.code, message: deliverableMessages.figureMissing(metric.name) });
      continue;
    }
    const result = parseOne(metric, raw);
    if (typeof result === 'number') values.push({ code: metric.code, value: result });
    else errors.push(result);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

export interface RollUp {
  /** null for percentages: adding rates of different agencies means nothing. */
  sum: number | null;
  /** null when no agency reported. */
  average: number | null;
  count: number;
}

/** Combines one metric's values across agencies. */
export function rollUp(values: readonly { agency: string; value: number }[], type: FigureType): RollUp {
  const count = values.length;
  const total = values.reduce((sum, { value }) => sum + value, 0);
  const average = count === 0 ? null : total / count;
  switch (type) {
    case 'percentage':
      return { sum: null, average, count };
    case 'integer':
    case 'decimal':
      return { sum: total, average, count };
  }
}
