import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { checkUpload, DEFAULT_ALLOWED_KINDS, detectFileKind, extensionOf, FileKind, HEAD_BYTES } from './file-kinds';

// Real files, built the way the applications that write them do.

const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n'),
  'latin1',
);

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 1×1 white PNG. */
const PNG = (() => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
})();

/** The start of a JFIF JPEG: SOI, APP0 "JFIF". */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

function isoBox(type: string, payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + payload.length);
  return Buffer.concat([size, Buffer.from(type, 'latin1'), payload]);
}
const ftyp = (major: string, ...compatible: string[]) =>
  isoBox('ftyp', Buffer.concat([Buffer.from(major, 'latin1'), Buffer.from([0, 0, 2, 0]), ...compatible.map((b) => Buffer.from(b, 'latin1'))]));
const MP4 = Buffer.concat([ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), isoBox('free', Buffer.alloc(0)), isoBox('mdat', randomBytes(256))]);
const HEIC = Buffer.concat([ftyp('heic', 'mif1', 'heic'), isoBox('meta', Buffer.alloc(16))]);

/** A DOS/PE header: what a renamed program begins with. */
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.from('This program cannot be run in DOS mode.', 'latin1')]);

/** An OLE2 compound file header followed by a directory entry naming the main stream. */
function ole2(streamName: string): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const directory = Buffer.alloc(512);
  Buffer.from('Root Entry\0', 'utf16le').copy(directory, 0);
  Buffer.from(`${streamName}\0`, 'utf16le').copy(directory, 128);
  return Buffer.concat([header, directory]);
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Override PartName="/main.xml" ContentType="application/vnd.openxmlformats-officedocument.${main}+xml"/></Types>`;

async function zip(files: [string, string | Buffer, ('STORE' | 'DEFLATE')?][]): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, content, compression] of files) archive.file(name, content, { compression: compression ?? 'DEFLATE' });
  return archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const docx = () =>
  zip([
    ['[Content_Types].xml', CONTENT_TYPES('wordprocessingml.document.main')],
    ['_rels/.rels', '<Relationships/>'],
    ['word/document.xml', '<w:document><w:body><w:p><w:r><w:t>Báo cáo quý IV</w:t></w:r></w:p></w:body></w:document>'],
  ]);
const pptx = () =>
  zip([
    ['[Content_Types].xml', CONTENT_TYPES('presentationml.presentation.main')],
    ['_rels/.rels', '<Relationships/>'],
    ['ppt/presentation.xml', '<p:presentation/>'],
  ]);
/** ODF: `mimetype` first and stored, as the OpenDocument specification requires. */
const odf = (mime: string) =>
  zip([
    ['mimetype', mime, 'STORE'],
    ['META-INF/manifest.xml', '<manifest:manifest/>'],
    ['content.xml', '<office:document-content/>'],
  ]);
const plainZip = () => zip([['bao-cao.txt', 'Báo cáo'], ['anh/so-lieu.csv', 'a;b\n1;2']]);

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Số liệu');
  sheet.addRow(['Chỉ tiêu', 'Giá trị']);
  sheet.addRow(['Số người tham gia', 1184000]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('detectFileKind', () => {
  it.each<[string, FileKind | undefined, () => Buffer | Promise<Buffer>]>([
    ['a minimal PDF', 'pdf', () => PDF],
    ['a 1×1 PNG', 'png', () => PNG],
    ['a JFIF JPEG', 'jpeg', () => JPEG],
    ['an MP4 (isom brand)', 'mp4', () => MP4],
    ['an HEIC image, also an ISO media file', undefined, () => HEIC],
    ['an MZ executable', 'exe', () => EXE],
    ['an OLE2 file with a WordDocument stream', 'doc', () => ole2('WordDocument')],
    ['an OLE2 file with a Workbook stream', 'xls', () => ole2('Workbook')],
    ['an OLE2 file whose directory is not in the head', 'ole2', () => ole2('').subarray(0, 512)],
    ['a DOCX written by JSZip', 'docx', docx],
    ['an XLSX written by ExcelJS (streamed, data descriptors)', 'xlsx', xlsx],
    ['a PPTX written by JSZip', 'pptx', pptx],
    ['an ODT', 'odt', () => odf('application/vnd.oasis.opendocument.text')],
    ['an ODS', 'ods', () => odf('application/vnd.oasis.opendocument.spreadsheet')],
    ['an ODP (another OpenDocument kind)', 'zip', () => odf('application/vnd.oasis.opendocument.presentation')],
    ['a plain ZIP', 'zip', plainZip],
    ['plain text', undefined, () => Buffer.from('Báo cáo kết quả', 'utf8')],
    ['nothing', undefined, () => Buffer.alloc(0)],
  ])('%s → %s', async (_label, expected, build) => {
    expect(detectFileKind(await build())).toBe(expected);
  });

  it('finds a DOCX whose word/ parts lie beyond the 64 KiB head, from [Content_Types].xml', async () => {
    const file = await zip([
      ['[Content_Types].xml', CONTENT_TYPES('wordprocessingml.document.main')],
      ['docProps/thumbnail.jpeg', randomBytes(100 * 1024), 'STORE'],
      ['word/document.xml', '<w:document/>'],
    ]);
    const head = file.subarray(0, HEAD_BYTES);
    expect(head.includes(Buffer.from('word/'))).toBe(false);
    expect(detectFileKind(head, file.length)).toBe('docx');
  });

  it('looks only at the first totalSize bytes of the head', () => {
    expect(detectFileKind(Buffer.concat([Buffer.from('%PD'), Buffer.from('F-1.4')]), 3)).toBeUndefined();
  });
});

describe('extensionOf', () => {
  it.each([
    ['Báo cáo quý IV.PDF', 'pdf'],
    ['C:\\Users\\a\\so-lieu.xlsx', 'xlsx'],
    ['archive.tar.gz', 'gz'],
    ['.bashrc', ''],
    ['README', ''],
    ['trailing.', ''],
  ])('%s → "%s"', (name, expected) => expect(extensionOf(name)).toBe(expected));
});

describe('checkUpload', () => {
  const allowed = DEFAULT_ALLOWED_KINDS;
  const check = (head: Buffer, declaredName: string, only: readonly FileKind[] = allowed) =>
    checkUpload({ head, size: head.length, declaredName, declaredType: 'application/pdf', allowed: only });

  it.each<[string, () => Buffer | Promise<Buffer>, string, FileKind, string, string]>([
    ['a PDF', () => PDF, 'Báo cáo quý IV.pdf', 'pdf', 'pdf', 'application/pdf'],
    ['a JPEG named .jpeg keeps its spelling', () => JPEG, 'anh.JPEG', 'jpeg', 'jpeg', 'image/jpeg'],
    ['a PNG without an extension gets one', () => PNG, 'anh-chup', 'png', 'png', 'image/png'],
    ['an XLSX', xlsx, 'so-lieu.xlsx', 'xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a legacy Word file whose directory is beyond the head, named .doc', () => ole2('').subarray(0, 512), 'cu.doc', 'doc', 'doc', 'application/msword'],
    ['an MP4', () => MP4, 'video.mp4', 'mp4', 'mp4', 'video/mp4'],
  ])('accepts %s', async (_label, build, name, kind, extension, mime) => {
    expect(check(await build(), name)).toEqual({ ok: true, kind, extension, mime });
  });

  it.each<[string, () => Buffer | Promise<Buffer>, string, readonly FileKind[], string, number]>([
    ['an empty file', () => Buffer.alloc(0), 'rong.pdf', allowed, 'EMPTY_FILE', 400],
    ['a program renamed .pdf', () => EXE, 'Báo cáo.pdf', allowed, 'TYPE_MISMATCH', 415],
    ['a program under its own name', () => EXE, 'setup.exe', allowed, 'TYPE_NOT_ALLOWED', 415],
    ['a DOCX renamed .xlsx', docx, 'so-lieu.xlsx', allowed, 'TYPE_MISMATCH', 415],
    ['a PDF renamed .txt', () => PDF, 'ghi-chu.txt', allowed, 'TYPE_MISMATCH', 415],
    ['unrecognised text named .pdf', () => Buffer.from('không phải PDF'), 'a.pdf', allowed, 'TYPE_MISMATCH', 415],
    ['unrecognised text named .txt', () => Buffer.from('ghi chú'), 'a.txt', allowed, 'TYPE_NOT_ALLOWED', 415],
    ['an MP4 where only documents are allowed', () => MP4, 'video.mp4', ['pdf', 'docx'], 'TYPE_NOT_ALLOWED', 415],
    ['an unresolved OLE2 file without a name to settle it', () => ole2('').subarray(0, 512), 'tep', allowed, 'TYPE_NOT_ALLOWED', 415],
  ])('refuses %s', async (_label, build, name, only, code, httpStatus) => {
    const verdict = check(await build(), name, only);
    expect(verdict).toMatchObject({ ok: false, error: { code, httpStatus } });
    if (!verdict.ok) expect(verdict.error.message).toMatch(/[ệảạ]/u); // a Vietnamese sentence
  });

  it('decides from the content, not the declared Content-Type', () => {
    const verdict = checkUpload({ head: PNG, size: PNG.length, declaredName: 'anh.png', declaredType: 'application/pdf', allowed });
    expect(verdict).toMatchObject({ ok: true, kind: 'png' });
  });

  it('refuses a zero size even when a head was read', () => {
    expect(checkUpload({ head: PDF, size: 0, declaredName: 'a.pdf', allowed })).toMatchObject({ ok: false, error: { code: 'EMPTY_FILE' } });
  });
});
