/**
 * Turns a lead or support cell ("Sở Nội vụ, BHXH thành phố; UBND các xã, phường, đặc khu")
 * into the parties it names, each resolved to an agency or group code of the directory.
 *
 * Names contain the separators that cells use between names ("UBND các xã, phường, đặc khu",
 * "Sở Văn hóa, Thể thao và Du lịch"), so splitting comes second:
 * 1. Words are folded (NFC, lower case, no diacritics, đ → d) and normalised: "&" joins its
 *    neighbours and disappears ("KH & CN" = "KH&CN" = "KHCN"); punctuation, dashes, commas and
 *    line breaks are ignored (';' is not: no name spans it); "thành phố" = "TP"; "TP Hải Phòng"
 *    = "TP"; the usual long forms become their abbreviations (ABBREVIATIONS below).
 * 2. Known names are matched leftmost-longest on those words. Known names: every agency's name,
 *    shortName and unitName and every group's name (priority 1); the alias table in
 *    party-aliases.ts (priority 2); shortened forms of directory names (priority 3): without
 *    the city ("Ban Quản lý Khu kinh tế"), without "TP" ("Sở Nội vụ"), without a parenthesis,
 *    without a leading "các" — a shortened form must keep three words or start with "Sở", so
 *    "Công an" or "Thuế" alone never resolve. Two directory entries with the same form at the
 *    same priority make the form ambiguous: it resolves to nothing, with a hint.
 * 3. The rest of the text is cut at ';'; at ',', ' và ', ' cùng ', ' với ', dashes and line
 *    breaks only where the next piece starts like an agency name (Sở, UBND, Ban, BHXH, các, …),
 *    so an unknown "Sở Tài chính, Kế hoạch" stays one name. Bullets, connectors and fillers
 *    ("chủ trì", "phối hợp", "theo chức năng, nhiệm vụ") are dropped; every other piece is an
 *    unresolved party with its original words.
 * Parties come out in the order of the text; a code named twice appears once.
 */
import { partyHints } from './import.messages';
import { CITY_NAMES, PARTY_ALIASES } from './party-aliases';
import { foldText } from './read-appendix-table';

export interface PartyDirectory {
  agencies: readonly { code: string; name: string; shortName: string | null; unitName?: string | null }[];
  groups: readonly { code: string; name: string }[];
}

export interface ResolvedParty {
  /** The words of the cell that name this party (original spelling). */
  name: string;
  /** Agency or group code, or null when the directory has no such party. */
  resolved: string | null;
  type: 'agency' | 'group' | null;
  /** For an unresolved name the import knows: why, in Vietnamese (e.g. a defunct department). */
  hint?: string;
}

/** Resolves the names in one lead or support cell. */
export function resolveParties(text: string, directory: PartyDirectory): ResolvedParty[] {
  const dictionary = dictionaryOf(directory);
  const source = text.normalize('NFC');
  const words = normalise(tokenize(source));
  const matches = matchKnown(words, dictionary);

  const found: { at: number; party: ResolvedParty }[] = matches.map((m) => ({
    at: m.start,
    party: partyOf(source.slice(m.start, m.end).replace(/\s*\n\s*/g, ' '), m.entry, directory),
  }));
  found.push(...remainderPieces(source, matches).map((p) => ({ at: p.at, party: unresolved(p.text) })));
  found.sort((a, b) => a.at - b.at);

  const seen = new Set<string>();
  return found
    .map((f) => f.party)
    .filter((p) => {
      const id = p.resolved ?? `?${foldText(p.name)}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

// ---------------------------------------------------------------------------------------------
// Words

interface Word {
  key: string;
  start: number;
  end: number;
  /** A ';' stands between this word and the previous one. */
  hardBefore: boolean;
}

function tokenize(text: string): Word[] {
  const words: Word[] = [];
  let hard = false;
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}&]+|[^\s]/gu)) {
    const raw = m[0];
    const start = m.index;
    if (raw === ';') hard = true;
    else if (/[\p{L}\p{N}&]/u.test(raw)) {
      words.push({ key: foldText(raw), start, end: start + raw.length, hardBefore: hard });
      hard = false;
    }
  }
  return words;
}

/** Long forms and their abbreviations, as folded words (applied until nothing changes). */
const ABBREVIATIONS: readonly [string, string][] = [
  ['uy ban nhan dan', 'ubnd'],
  ['hoi dong nhan dan', 'hdnd'],
  ['bao hiem xa hoi', 'bhxh'],
  ['mat tran to quoc', 'mttq'],
  ['uy ban mttq', 'ubmttq'],
  ['thanh pho', 'tp'],
  ['ban quan ly', 'bql'],
  ['khu kinh te', 'kkt'],
  ['lien doan lao dong', 'ldld'],
  ['van phong', 'vp'],
  ['khoa hoc va cong nghe', 'khcn'],
  ['khoa hoc cong nghe', 'khcn'],
  ['nong nghiep va moi truong', 'nnmt'],
  ['van hoa the thao va du lich', 'vhttdl'],
  ['giao duc va dao tao', 'gddt'],
  ['lao dong thuong binh va xa hoi', 'ldtbxh'],
  ['thong tin va truyen thong', 'tttt'],
  ['ke hoach va dau tu', 'khdt'],
  ['tai nguyen va moi truong', 'tnmt'],
  ['nong nghiep va phat trien nong thon', 'nnptnt'],
  ['giao thong van tai', 'gtvt'],
  ...CITY_NAMES.map((city): [string, string] => [`tp ${foldText(city)}`, 'tp']),
];

const ABBREVIATION_RULES = ABBREVIATIONS.map(([long, short]) => ({ long: long.split(' '), short })).sort(
  (a, b) => b.long.length - a.long.length,
);

function normalise(input: Word[]): Word[] {
  // "&" joins its neighbours: "KH & CN" → "khcn"; "KH&CN" → "khcn".
  let words: Word[] = [];
  for (let i = 0; i < input.length; i++) {
    const w = input[i];
    const prev = words[words.length - 1];
    if (w.key === '&' && prev && input[i + 1] && !input[i + 1].hardBefore) {
      const next = input[++i];
      words[words.length - 1] = { ...prev, key: prev.key + next.key, end: next.end };
    } else words.push({ ...w });
  }
  words = words.map((w) => ({ ...w, key: w.key.replace(/&/g, '') })).filter((w) => w.key !== '');

  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    const out: Word[] = [];
    for (let i = 0; i < words.length; ) {
      const rule = ABBREVIATION_RULES.find(
        (r) =>
          i + r.long.length <= words.length &&
          r.long.every((part, j) => words[i + j].key === part && (j === 0 || !words[i + j].hardBefore)),
      );
      if (rule) {
        const last = words[i + rule.long.length - 1];
        out.push({ key: rule.short, start: words[i].start, end: last.end, hardBefore: words[i].hardBefore });
        i += rule.long.length;
        changed = true;
      } else out.push(words[i++]);
    }
    words = out;
    if (!changed) break;
  }
  return words;
}

const keyOf = (text: string) =>
  normalise(tokenize(text.normalize('NFC')))
    .map((w) => w.key)
    .join(' ');

// ---------------------------------------------------------------------------------------------
// Dictionary of known names

interface Entry {
  code: string | null;
  priority: number;
  hint?: string;
  ambiguous?: string[];
}

interface Dictionary {
  entries: Map<string, Entry>;
  longest: number;
}

const dictionaries = new WeakMap<PartyDirectory, Dictionary>();

function dictionaryOf(directory: PartyDirectory): Dictionary {
  const cached = dictionaries.get(directory);
  if (cached) return cached;
  const entries = new Map<string, Entry>();
  const add = (key: string, entry: Entry) => {
    if (!key) return;
    const old = entries.get(key);
    if (!old || entry.priority < old.priority) entries.set(key, entry);
    else if (entry.priority === old.priority && entry.code !== old.code) {
      const codes = [...new Set([...(old.ambiguous ?? [old.code ?? '?']), entry.code ?? '?'])];
      entries.set(key, { code: null, priority: old.priority, ambiguous: codes });
    }
  };
  const known = new Set([...directory.agencies.map((a) => a.code), ...directory.groups.map((g) => g.code)]);

  const addDirectoryName = (name: string | null | undefined, code: string) => {
    if (!name) return;
    const bases = [name, name.replace(/\([^)]*\)/g, ' ')];
    add(keyOf(name), { code, priority: 1 });
    for (const inner of name.matchAll(/\(([^)]*)\)/g)) {
      const key = keyOf(inner[1]);
      if (key && !key.includes(' ') && key.length >= 3) add(key, { code, priority: 3 });
    }
    for (const base of bases) for (const key of shortenedForms(keyOf(base))) add(key, { code, priority: 3 });
  };
  for (const a of directory.agencies) {
    addDirectoryName(a.name, a.code);
    addDirectoryName(a.shortName, a.code);
    addDirectoryName(a.unitName, a.code);
  }
  for (const g of directory.groups) addDirectoryName(g.name, g.code);

  for (const alias of PARTY_ALIASES) {
    if (alias.code !== null && !known.has(alias.code)) continue;
    const hint = alias.code === null && alias.successor ? partyHints.defunct(alias.successor) : undefined;
    for (const name of alias.names) add(keyOf(name), { code: alias.code, priority: 2, hint });
  }

  let longest = 1;
  for (const key of entries.keys()) longest = Math.max(longest, key.split(' ').length);
  const dictionary = { entries, longest };
  dictionaries.set(directory, dictionary);
  return dictionary;
}

const CITY_KEYS = CITY_NAMES.map((c) => keyOf(c));

/** Forms of a directory name without the city, "TP", a leading "các" (see the file comment). */
function shortenedForms(key: string): string[] {
  const forms = new Set<string>([key]);
  for (const form of [...forms]) {
    for (const city of CITY_KEYS) if (form.endsWith(` ${city}`)) forms.add(form.slice(0, -city.length - 1));
  }
  for (const form of [...forms]) if (form.endsWith(' tp')) forms.add(form.slice(0, -3));
  for (const form of [...forms]) if (form.startsWith('cac ')) forms.add(form.slice(4));
  forms.delete(key);
  return [...forms].filter((f) => f.split(' ').length >= 3 || f.startsWith('so '));
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Match {
  start: number;
  end: number;
  entry: Entry;
}

function matchKnown(words: Word[], dictionary: Dictionary): Match[] {
  const matches: Match[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let len = Math.min(dictionary.longest, words.length - i); len >= 1 && !matched; len--) {
      const span = words.slice(i, i + len);
      if (span.some((w, j) => j > 0 && w.hardBefore)) continue;
      const entry = dictionary.entries.get(span.map((w) => w.key).join(' '));
      if (entry) {
        matches.push({ start: span[0].start, end: span[len - 1].end, entry });
        matched = len;
      }
    }
    i += matched || 1;
  }
  return matches;
}

function partyOf(name: string, entry: Entry, directory: PartyDirectory): ResolvedParty {
  if (entry.code === null) {
    const hint = entry.ambiguous ? partyHints.ambiguous(entry.ambiguous) : entry.hint;
    return hint ? { name, resolved: null, type: null, hint } : unresolved(name);
  }
  const type = directory.groups.some((g) => g.code === entry.code) ? 'group' : 'agency';
  return { name, resolved: entry.code, type };
}

const unresolved = (name: string): ResolvedParty => ({ name, resolved: null, type: null });

// ---------------------------------------------------------------------------------------------
// What is left: unknown names

/** Words that start an agency's name (folded): a weak separator before them separates names. */
const HEAD_WORDS: readonly string[] = [
  'so', 'ubnd', 'uy ban', 'ban', 'bo', 'cuc', 'chi cuc', 'chi nhanh', 'bhxh', 'bao hiem', 'cong an', 'cong ty', 'ca', 'catp',
  'thanh tra', 'thanh doan', 'thue', 'kho bac', 'ngan hang', 'toa an', 'vien', 'hoi', 'hdnd', 'lien doan', 'ldld', 'vp',
  'van phong', 'trung tam', 'dai', 'truong', 'dang uy', 'doan', 'mat tran', 'mttq', 'ubmttq', 'cac', 'to chuc', 'don vi',
  'co quan', 'doanh nghiep', 'phong', 'quy', 'hiep hoi', 'xa', 'phuong', 'dac khu', 'tong cuc', 'tong cong ty', 'tttp',
];

function startsWithHeadWord(text: string): boolean {
  const words = foldText(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '').slice(0, 3).join(' ');
  return HEAD_WORDS.some((head) => words === head || words.startsWith(`${head} `));
}

/** Words that name no party ("(chủ trì)", "theo chức năng, nhiệm vụ"). */
const FILLERS = new Set([
  'chu tri', 'phoi hop', 'thuc hien', 'theo chuc nang nhiem vu', 'theo chuc nang nhiem vu duoc giao', 'theo chuc nang',
  'nhiem vu duoc giao', 'theo nhiem vu duoc giao', 'lien quan', 'co lien quan',
]);

const LEADING_JUNK = /^(?:[\s\-–—+•*·,.:;)(]|và\s|cùng\s|với\s)+/iu;
const TRAILING_JUNK = /[\s\-–—,.:;(]+$/u;

/** Stands in for the characters of a matched name (a private-use character: never in a cell). */
const MATCHED = '\uE000';

function remainderPieces(source: string, matches: Match[]): { at: number; text: string }[] {
  // Matched names become hard boundaries; the rest keeps its offsets in the source.
  let rest = source;
  for (const m of matches) rest = rest.slice(0, m.start) + MATCHED.repeat(m.end - m.start) + rest.slice(m.end);
  const pieces: { at: number; text: string }[] = [];
  for (const chunk of rest.matchAll(/[^;\uE000]+/gu)) {
    for (const piece of splitWeak(chunk[0])) pieces.push({ at: chunk.index + piece.at, text: piece.text });
  }
  return pieces
    .map((p) => cleanPiece(p))
    .filter((p): p is { at: number; text: string } => p !== null);
}

/** Cuts at weak separators that are followed by the start of an agency's name. */
function splitWeak(chunk: string): { at: number; text: string }[] {
  const cuts: { from: number; to: number }[] = [];
  for (const m of chunk.matchAll(/\s*,\s*|\s+(?:và|cùng|với)\s+|\s+[-–—]\s+|\s*\n\s*/giu)) {
    const after = chunk.slice(m.index + m[0].length).replace(LEADING_JUNK, '');
    const before = chunk.slice(0, m.index);
    const lineCut = m[0].includes('\n') && (/[,;]\s*$/.test(before) || /^\s*[-–—+•*·]/u.test(chunk.slice(m.index + m[0].length)));
    if (startsWithHeadWord(after) || lineCut) cuts.push({ from: m.index, to: m.index + m[0].length });
  }
  const out: { at: number; text: string }[] = [];
  let at = 0;
  for (const cut of cuts) {
    out.push({ at, text: chunk.slice(at, cut.from) });
    at = cut.to;
  }
  out.push({ at, text: chunk.slice(at) });
  return out;
}

function cleanPiece(piece: { at: number; text: string }): { at: number; text: string } | null {
  const lead = piece.text.match(LEADING_JUNK)?.[0].length ?? 0;
  let text = piece.text.slice(lead).replace(TRAILING_JUNK, '').replace(/\s*\n\s*/g, ' ');
  if (/^\(.*\)$/.test(text)) text = text.slice(1, -1).trim();
  if (text.endsWith(')') && !text.includes('(')) text = text.slice(0, -1).trim();
  if (!/\p{L}/u.test(text)) return null;
  const key = foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (FILLERS.has(key)) return null;
  return { at: piece.at + lead, text };
}
