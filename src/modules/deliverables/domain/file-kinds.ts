/**
 * The type of an uploaded file, decided from its first bytes (magic numbers), never from its
 * name or Content-Type. Hand-written for a short list of kinds: file-type@21 (already in
 * node_modules through @nestjs/common) is ESM-only and needs Node 22; file-type@16 is
 * unmaintained. The list here is small enough to read in one sitting.
 */
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { deliverableMessages, fileKindLabels } from '../deliverables.messages';
import { UploadError, uploadError } from './upload-error';

/** Kinds an upload may have. `ole2` is a legacy Office file whose directory lies beyond the head. */
export type FileKind =
  | 'pdf'
  | 'doc'
  | 'xls'
  | 'ole2'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'odt'
  | 'ods'
  | 'jpeg'
  | 'png'
  | 'mp4'
  | 'zip'
  | 'exe';

/** Kinds a definition may list in a row's `deliverable.fileTypes`. */
export const UPLOAD_FILE_TYPES = ['pdf', 'doc', 'xls', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'jpeg', 'png', 'mp4', 'zip'] as const satisfies readonly FileKind[];
export type UploadFileType = (typeof UPLOAD_FILE_TYPES)[number];

/** How many leading bytes detection looks at. */
export const HEAD_BYTES = 64 * 1024;

export const DEFAULT_ALLOWED_KINDS: readonly FileKind[] = [
  'pdf', 'doc', 'xls', 'docx', 'xlsx', 'odt', 'ods', 'pptx', 'jpeg', 'png', 'mp4', 'zip',
];

interface KindInfo {
  /** The extension given to the stored file; the first of `extensions`. */
  extensions: readonly string[];
  mime: string;
}

export const FILE_KINDS: Record<FileKind, KindInfo> = {
  pdf: { extensions: ['pdf'], mime: 'application/pdf' },
  doc: { extensions: ['doc'], mime: 'application/msword' },
  xls: { extensions: ['xls'], mime: 'application/vnd.ms-excel' },
  ole2: { extensions: ['doc', 'xls'], mime: 'application/x-ole-storage' },
  docx: { extensions: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { extensions: ['pptx'], mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  odt: { extensions: ['odt'], mime: 'application/vnd.oasis.opendocument.text' },
  ods: { extensions: ['ods'], mime: 'application/vnd.oasis.opendocument.spreadsheet' },
  jpeg: { extensions: ['jpg', 'jpeg'], mime: 'image/jpeg' },
  png: { extensions: ['png'], mime: 'image/png' },
  mp4: { extensions: ['mp4', 'm4v'], mime: 'video/mp4' },
  zip: { extensions: ['zip'], mime: 'application/zip' },
  exe: { extensions: ['exe', 'dll'], mime: 'application/vnd.microsoft.portable-executable' },
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_CENTRAL_HEADER = Buffer.from('PK\x01\x02', 'latin1');
const ZIP_EMPTY_ARCHIVE = Buffer.from('PK\x05\x06', 'latin1');

/** ISO base media major brands that are MP4 video (not HEIC/AVIF images, not QuickTime). */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash', 'mmp4', 'MSNV', 'f4v ']);

function startsWith(head: Buffer, signature: Buffer, offset = 0): boolean {
  return head.length >= offset + signature.length && head.subarray(offset, offset + signature.length).equals(signature);
}

/**
 * Detects the kind of a file from its head (the first ≤ 64 KiB). `totalSize` tells whether the
 * head is the whole file (then a ZIP's central directory is inside it too).
 */
export function detectFileKind(head: Buffer, totalSize?: number): FileKind | undefined {
  // Every ZIP signature inside the head is scanned, so a whole file also shows its central directory.
  if (totalSize !== undefined && head.length > totalSize) head = head.subarray(0, totalSize);
  if (head.length === 0) return undefined;
  if (startsWith(head, Buffer.from('%PDF-', 'latin1'))) return 'pdf';
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (startsWith(head, Buffer.from([0xff, 0xd8, 0xff]))) return 'jpeg';
  if (startsWith(head, OLE2_SIGNATURE)) return detectOle2(head);
  if (startsWith(head, ZIP_LOCAL_HEADER) || startsWith(head, ZIP_EMPTY_ARCHIVE)) return detectZip(head);
  if (startsWith(head, Buffer.from('ftyp', 'latin1'), 4) && head.length >= 12) {
    return MP4_BRANDS.has(head.toString('latin1', 8, 12)) ? 'mp4' : undefined;
  }
  if (startsWith(head, Buffer.from('MZ', 'latin1'))) return 'exe';
  return undefined;
}

/** Legacy Office: the compound file directory names its streams in UTF-16LE. */
function detectOle2(head: Buffer): FileKind {
  const has = (name: string) => head.includes(Buffer.from(name, 'utf16le'));
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book\0')) return 'xls';
  return 'ole2';
}

interface ZipEntryHead {
  name: string;
  /** Offset of the entry's data, for local headers only. */
  dataOffset?: number;
  method?: number;
  compressedSize?: number;
}

/** Every local and central-directory entry name whose header lies inside the head. */
function zipEntries(head: Buffer): ZipEntryHead[] {
  const entries: ZipEntryHead[] = [];
  for (let at = head.indexOf(ZIP_LOCAL_HEADER); at >= 0 && at + 30 <= head.length; at = head.indexOf(ZIP_LOCAL_HEADER, at + 4)) {
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    if (nameLength === 0 || at + 30 + nameLength > head.length) continue;
    entries.push({
      name: head.toString('utf8', at + 30, at + 30 + nameLength),
      dataOffset: at + 30 + nameLength + extraLength,
      method: head.readUInt16LE(at + 8),
      compressedSize: head.readUInt32LE(at + 18),
    });
  }
  for (let at = head.indexOf(ZIP_CENTRAL_HEADER); at >= 0 && at + 46 <= head.length; at = head.indexOf(ZIP_CENTRAL_HEADER, at + 4)) {
    const nameLength = head.readUInt16LE(at + 28);
    if (nameLength === 0 || at + 46 + nameLength > head.length) continue;
    entries.push({ name: head.toString('utf8', at + 46, at + 46 + nameLength) });
  }
  return entries;
}

function entryText(head: Buffer, entry: ZipEntryHead, limit = 4096): string | undefined {
  if (entry.dataOffset === undefined || entry.dataOffset >= head.length) return undefined;
  // A streamed ZIP records size 0 in the local header (data descriptor): take what the head holds.
  const end = entry.compressedSize ? Math.min(head.length, entry.dataOffset + entry.compressedSize) : head.length;
  const data = head.subarray(entry.dataOffset, end);
  try {
    if (entry.method === 0) return data.toString('latin1', 0, Math.min(data.length, limit));
    if (entry.method === 8) {
      return inflateRawSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8', 0, limit);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const ODF_MIMETYPES: Record<string, FileKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

function detectZip(head: Buffer): FileKind {
  const entries = zipEntries(head);
  const mimetype = entries.find((entry) => entry.name === 'mimetype' && entry.dataOffset !== undefined);
  if (mimetype) {
    const text = entryText(head, mimetype)?.trim();
    if (text !== undefined && text in ODF_MIMETYPES) return ODF_MIMETYPES[text];
    if (text?.startsWith('application/vnd.oasis.opendocument.')) return 'zip'; // another ODF kind (odp, odg…)
  }
  const names = entries.map((entry) => entry.name);
  if (names.some((name) => name.startsWith('word/'))) return 'docx';
  if (names.some((name) => name.startsWith('xl/'))) return 'xlsx';
  if (names.some((name) => name.startsWith('ppt/'))) return 'pptx';
  // The part folders may lie beyond the head: [Content_Types].xml, written first, names the main part.
  const contentTypes = entries.find((entry) => entry.name === '[Content_Types].xml' && entry.dataOffset !== undefined);
  const text = contentTypes ? entryText(head, contentTypes, 16384) : undefined;
  if (text?.includes('wordprocessingml.document.main')) return 'docx';
  if (text?.includes('spreadsheetml.sheet.main')) return 'xlsx';
  if (text?.includes('presentationml.presentation.main')) return 'pptx';
  return 'zip';
}

/** The extension of a name, lower case, without the dot; '' when there is none. */
export function extensionOf(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The kinds whose extensions include `extension`. */
function kindsClaimedBy(extension: string): FileKind[] {
  return (Object.keys(FILE_KINDS) as FileKind[]).filter((kind) => FILE_KINDS[kind].extensions.includes(extension));
}

export interface UploadCheck {
  head: Buffer;
  size: number;
  declaredName: string;
  /** The client's Content-Type: recorded by callers, never trusted for the decision. */
  declaredType?: string;
  allowed: readonly FileKind[];
}

export type UploadVerdict =
  | { ok: true; kind: FileKind; extension: string; mime: string }
  | { ok: false; error: UploadError };

function labelsOf(kinds: readonly FileKind[]): string[] {
  return [...new Set(kinds.flatMap((kind) => FILE_KINDS[kind].extensions.slice(0, 1)))].map((ext) => ext.toUpperCase());
}

/**
 * Accepts or refuses an upload by its content. Order: empty → 400; a declared extension that
 * the content contradicts → 415 TYPE_MISMATCH; a kind outside `allowed` (or unknown) → 415
 * TYPE_NOT_ALLOWED. A name without an extension gets the detected kind's.
 */
export function checkUpload(input: UploadCheck): UploadVerdict {
  const { head, size, declaredName, allowed } = input;
  if (size === 0 || head.length === 0) {
    return { ok: false, error: uploadError('EMPTY_FILE', deliverableMessages.emptyFile) };
  }
  let kind = detectFileKind(head, size);
  const declared = extensionOf(declaredName);
  const allowedLabels = labelsOf(allowed);

  // A legacy Office file whose directory is beyond the head takes the kind its name claims.
  if (kind === 'ole2' && (declared === 'doc' || declared === 'xls')) kind = declared;

  if (declared !== '') {
    const claimed = kindsClaimedBy(declared);
    const contradicts = kind === undefined ? claimed.length > 0 : !FILE_KINDS[kind].extensions.includes(declared);
    if (contradicts) {
      const detectedLabel = kind === undefined ? fileKindLabels.unknown : fileKindLabels[kind];
      return { ok: false, error: uploadError('TYPE_MISMATCH', deliverableMessages.typeMismatch(declared, detectedLabel)) };
    }
  }
  if (kind === undefined) {
    return { ok: false, error: uploadError('TYPE_NOT_ALLOWED', deliverableMessages.typeUnknown(allowedLabels)) };
  }
  if (!allowed.includes(kind)) {
    return { ok: false, error: uploadError('TYPE_NOT_ALLOWED', deliverableMessages.typeNotAllowed(allowedLabels)) };
  }
  const info = FILE_KINDS[kind];
  const extension = declared !== '' && info.extensions.includes(declared) ? declared : info.extensions[0];
  return { ok: true, kind, extension, mime: info.mime };
}
