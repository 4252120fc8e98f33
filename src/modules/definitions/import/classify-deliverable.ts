/**
 * Guesses the kind of a deliverable ("Sản phẩm") and the figures it asks for.
 *
 * 1. The text is cut into parts at ';' and line breaks, and at ',' or ' và ' where the next
 *    words start a new deliverable ("Số vụ việc, báo cáo kết quả" → two parts; "Số lượng đơn
 *    vị, cá nhân thực hiện" stays one).
 * 2. Each part gets a kind from its first words (lower case, diacritics kept so that "số",
 *    "sổ", "sơ" and "sở" differ; a leading "dự thảo", "bản", "các" is skipped):
 *    "Số …" (not "Số hóa"), "Tỷ lệ …" → metric; "Báo cáo" → report; "Kế hoạch", "Chương trình
 *    hành động" → plan; "Danh sách" → list; "Hệ thống", "Phần mềm", "Dịch vụ công", "Cơ sở dữ
 *    liệu", "Ứng dụng", "Nền tảng" → system; "Chuyên mục", "Trang", "Cổng", "Website" → link;
 *    "Tài liệu", "Văn bản", "Quyết định", "Kết luận", "Kiến nghị", "Đề xuất", … → document.
 *    A part that starts otherwise is looked through for the same words (report, plan, list,
 *    system, link, in that order); nothing found → document.
 * 3. The deliverable's kind is the kind of the first part that is neither metric nor document
 *    ("Kế hoạch, báo cáo thực hiện" → plan; "Số vụ việc, báo cáo kết quả" → report); else
 *    document if a part is a document; else metric.
 * 4. Every metric part becomes a metric, whatever the kind: name = the part (capitalised),
 *    code = its words in ASCII snake_case, unit = "%" for "Tỷ lệ", else the counted noun after
 *    "Số"/"Số lượng" when it is a known one ("Số cuộc thanh tra" → "cuộc"; "Số lượng đơn vị, cá
 *    nhân" → "đơn vị, cá nhân"), else "đơn vị".
 */
import type { DELIVERABLE_KINDS } from '../files/definition-file.dto';
import { foldText } from './read-appendix-table';

export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];

export interface MetricGuess {
  code: string;
  name: string;
  unit: string;
}

export interface DeliverableGuess {
  kind: DeliverableKind;
  metrics: MetricGuess[];
}

/** `words` as a regular expression that must end at the end of a word (no `\b`: it is ASCII-only). */
const words = (source: string, flags = 'u') => new RegExp(`${source}(?![\\p{L}\\p{M}])`, flags);

const METRIC = words('^(?:số|(?:tỷ|tỉ) lệ)');
const NOT_METRIC = words('^số (?:hóa|hoá)');
const START: readonly [DeliverableKind, RegExp][] = [
  ['report', words('^báo cáo')],
  ['plan', words('^(?:kế hoạch|chương trình hành động)')],
  ['list', words('^danh sách')],
  ['system', words('^(?:hệ thống|phần mềm|dịch vụ công|cổng dịch vụ công|cơ sở dữ liệu|ứng dụng|nền tảng)')],
  ['link', words('^(?:chuyên mục|trang|cổng|website)')],
  [
    'document',
    words(
      '^(?:bộ tài liệu|tài liệu|văn bản|quyết định|đề án|hướng dẫn|kết luận|kiến nghị|đề xuất|tờ trình|biên bản|quy chế|quy định|sổ tay|ấn phẩm|tờ rơi)',
    ),
  ],
];
const INSIDE: readonly [DeliverableKind, RegExp][] = [
  ['report', /báo cáo/u],
  ['plan', /kế hoạch/u],
  ['list', /danh sách/u],
  ['system', /hệ thống|phần mềm|dịch vụ công|cơ sở dữ liệu/u],
  ['link', /chuyên mục|cổng thông tin|trang thông tin/u],
];
const SKIPPED_START = /^(?:dự thảo|bản|các|01) /u;

/** Nouns that "Số …" counts, longest first. */
const COUNTED = [
  'lượt người', 'vụ việc', 'hoạt động', 'hồ sơ', 'đơn vị', 'doanh nghiệp', 'lao động', 'văn bản',
  'trường hợp', 'cá nhân', 'tổ chức', 'sản phẩm', 'thủ tục', 'giao dịch', 'tài khoản', 'mô hình', 'sáng kiến', 'người',
  'cuộc', 'vụ', 'lượt', 'buổi', 'lớp', 'tin', 'bài', 'hộ', 'xã',
].sort((a, b) => b.length - a.length);

export function classifyDeliverable(text: string): DeliverableGuess {
  const parts = splitParts(text);
  const kinds = parts.map(kindOfPart);
  const main = kinds.find((k) => k !== 'metric' && k !== 'document');
  const kind: DeliverableKind = main ?? (kinds.includes('document') || kinds.length === 0 ? 'document' : 'metric');
  const metrics: MetricGuess[] = [];
  parts.forEach((part, i) => {
    if (kinds[i] !== 'metric') return;
    const name = part.charAt(0).toLocaleUpperCase('vi') + part.slice(1);
    let code = metricCode(name);
    for (let n = 2; metrics.some((m) => m.code === code); n++) code = `${metricCode(name)}_${n}`;
    metrics.push({ code, name, unit: unitOf(part) });
  });
  return { kind, metrics };
}

function splitParts(text: string): string[] {
  const out: string[] = [];
  for (const strong of text.normalize('NFC').split(/[;\n]/)) {
    let rest = strong;
    const pieces: string[] = [];
    for (;;) {
      const cut = [...rest.matchAll(/\s*,\s*|\s+và\s+/gu)].find((m) => startsDeliverable(rest.slice(m.index + m[0].length)));
      if (!cut) break;
      pieces.push(rest.slice(0, cut.index));
      rest = rest.slice(cut.index + cut[0].length);
    }
    pieces.push(rest);
    out.push(...pieces.map((p) => p.trim().replace(/^[-–—+•*·\s]+|[\s.,:;]+$/gu, '')).filter((p) => p !== ''));
  }
  return out;
}

function startsDeliverable(text: string): boolean {
  const lower = spaced(text).replace(SKIPPED_START, '');
  return (METRIC.test(lower) && !NOT_METRIC.test(lower)) || START.some(([, re]) => re.test(lower));
}

/** Lower case, single spaces. */
const spaced = (text: string) => text.trim().toLocaleLowerCase('vi').replace(/\s+/g, ' ');

function kindOfPart(part: string): DeliverableKind {
  const lower = spaced(part).replace(SKIPPED_START, '');
  if (METRIC.test(lower) && !NOT_METRIC.test(lower)) return 'metric';
  for (const [kind, re] of START) if (re.test(lower)) return kind;
  for (const [kind, re] of INSIDE) if (re.test(lower)) return kind;
  return 'document';
}

/** ASCII snake_case of the words, at most 48 characters, cut at a word. */
export function metricCode(name: string): string {
  const words = foldText(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  let code = '';
  for (const w of words) {
    if (code && code.length + 1 + w.length > 48) break;
    code = code ? `${code}_${w}` : w.slice(0, 48);
  }
  return code || 'metric';
}

function unitOf(part: string): string {
  const lower = spaced(part);
  if (words('^(?:tỷ|tỉ) lệ').test(lower)) return '%';
  const counted = lower.replace(/^số(?:\s+lượng)?\s+/u, '');
  const first = COUNTED.find((n) => new RegExp(`^${n}(?![\\p{L}\\p{M}])`, 'u').test(counted));
  if (!first) return 'đơn vị';
  const after = counted.slice(first.length);
  const second = COUNTED.find((n) => new RegExp(`^(?:,\\s*|\\s+và\\s+)${n}(?![\\p{L}\\p{M}])`, 'u').test(after));
  return second ? `${first}, ${second}` : first;
}
