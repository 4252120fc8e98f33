/**
 * Original file names are kept as metadata only (stored files get server-generated keys), but
 * they are shown back to users and sent in Content-Disposition, so they are cleaned first.
 */

export const DEFAULT_FILE_NAME = 'tep-tai-len';
export const MAX_FILE_NAME_BYTES = 200;

/** C0/C1 controls and the bidirectional overrides that can disguise "exe.pdf" as "fdp.exe". */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const WINDOWS_RESERVED_CHARACTERS = /[<>:"/\\|?*]/gu;
const WINDOWS_RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/iu;

function trimDotsAndSpaces(text: string): string {
  return text.replace(/^[\s.]+|[\s.]+$/gu, '');
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `maxBytes` of UTF-8, on a code point boundary. */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let result = '';
  for (const character of text) {
    bytes += utf8Length(character);
    if (bytes > maxBytes) break;
    result += character;
  }
  return result;
}

/**
 * A name safe to show and to send back: Vietnamese letters kept (NFC), the last path segment
 * only, no control or reserved characters, no reserved Windows device names, no leading or
 * trailing dots and spaces, at most 200 bytes of UTF-8 (the extension kept when it is short);
 * "tep-tai-len" when nothing is left.
 */
export function sanitizeFileName(original: string): string {
  let name = original.normalize('NFC').replace(CONTROL_CHARACTERS, '');
  name = name.split(/[/\\]/u).pop() ?? '';
  name = name.replace(WINDOWS_RESERVED_CHARACTERS, '').replace(/\s+/gu, ' ');
  name = trimDotsAndSpaces(name);
  if (name === '') return DEFAULT_FILE_NAME;

  const dot = name.lastIndexOf('.');
  let base = dot > 0 ? name.slice(0, dot) : name;
  let extension = dot > 0 ? name.slice(dot) : '';
  if (utf8Length(extension) > 20) {
    base = name;
    extension = '';
  }
  base = trimDotsAndSpaces(base);
  if (WINDOWS_RESERVED_NAMES.test(base.split('.')[0])) base = `_${base}`;
  if (utf8Length(base) + utf8Length(extension) > MAX_FILE_NAME_BYTES) {
    base = trimDotsAndSpaces(truncateUtf8(base, MAX_FILE_NAME_BYTES - utf8Length(extension)));
  }
  return base === '' ? `${DEFAULT_FILE_NAME}${extension}` : `${base}${extension}`;
}

/** The name in plain ASCII for old clients: Vietnamese letters without their marks. */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .replace(/[^\x20-\x7e]/gu, '_')
    .replace(/["\\]/gu, '_');
}

/** RFC 5987 value characters: encodeURIComponent leaves ' ( ) * alone, which attr-char does not allow. */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/gu, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 §4.3). */
export function contentDisposition(name: string): string {
  const safe = sanitizeFileName(name);
  return `attachment; filename="${asciiFileName(safe)}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
