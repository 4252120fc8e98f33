/**
 * Reads a multipart/form-data submission as it streams in: every file part goes straight to
 * storage (hashed, size-limited, never held in memory), is then typed from its content and
 * scanned; text fields are collected. On the first problem it stops reading the request,
 * interrupts a file still streaming, deletes every file it stored, and rejects: nothing
 * half-written remains. The caller answers and closes the connection (the rest of the body is
 * never read).
 */
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { deliverableMessages as say } from '../deliverables.messages';
import { checkUpload, type FileKind } from '../domain/file-kinds';
import { sanitizeFileName } from '../domain/file-names';
import { UploadRejectedError } from '../domain/upload-error';
import { infectedError, type VirusScanner } from '../scanning/virus-scanner';
import type { FileStorage, StoredFile } from '../storage/file-storage';

export interface ReceivedFile {
  stored: StoredFile;
  kind: FileKind;
  extension: string;
  mime: string;
  /** The client's name, sanitised: metadata only. */
  originalName: string;
  /** The client's Content-Type: recorded, never trusted. */
  declaredType: string | null;
  scan: 'clean' | 'not-scanned';
}

export interface ReceivedUpload {
  files: ReceivedFile[];
  fields: Map<string, string>;
}

export interface ReceiveOptions {
  storage: FileStorage;
  /** Per file. */
  maxBytes: number;
  allowed: readonly FileKind[];
  /** Undefined: files are recorded as not scanned. */
  scanner?: VirusScanner;
  /** The name of the file parts. */
  fileField: string;
  /** The text fields the caller reads; any other part is refused. */
  textFields: readonly string[];
  maxFiles: number;
  maxFieldBytes: number;
}

/** The request itself is not a readable submission (not multipart, malformed, a part not allowed). */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export async function receiveMultipart(request: IncomingMessage, options: ReceiveOptions): Promise<ReceivedUpload> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      limits: { files: options.maxFiles, fields: options.textFields.length * 2, fieldSize: options.maxFieldBytes, parts: options.maxFiles + options.textFields.length * 2 },
    });
  } catch {
    throw new MultipartError(say.notMultipart);
  }

  return new Promise<ReceivedUpload>((resolve, reject) => {
    const results: (ReceivedFile | undefined)[] = [];
    const storedKeys = new Set<string>();
    const streaming = new Set<Readable>();
    const work: Promise<void>[] = [];
    const fields = new Map<string, string>();
    let failure: Error | undefined;
    let finished = false;

    const settle = async () => {
      if (finished) return;
      finished = true;
      await Promise.allSettled(work);
      if (failure) {
        await Promise.allSettled([...storedKeys].map((key) => options.storage.delete(key)));
        reject(failure);
      } else {
        resolve({ files: results.filter((f): f is ReceivedFile => f !== undefined), fields });
      }
    };
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      request.unpipe(parser);
      for (const stream of streaming) stream.destroy(error);
      void settle();
    };

    const receiveFile = async (index: number, stream: Readable, info: busboy.FileInfo) => {
      streaming.add(stream);
      let stored: StoredFile;
      try {
        stored = await options.storage.put(stream, { maxBytes: options.maxBytes });
      } finally {
        streaming.delete(stream);
      }
      storedKeys.add(stored.key);
      if (failure) return;
      const originalName = sanitizeFileName(info.filename ?? '');
      const verdict = checkUpload({ head: stored.head, size: stored.size, declaredName: originalName, declaredType: info.mimeType, allowed: options.allowed });
      if (!verdict.ok) throw new UploadRejectedError({ ...verdict.error, message: say.inFile(originalName, verdict.error.message) });
      let scan: ReceivedFile['scan'] = 'not-scanned';
      if (options.scanner) {
        const result = await options.scanner.scan(await options.storage.open(stored.key));
        if (!result.clean) {
          const error = infectedError(result.signature);
          throw new UploadRejectedError({ ...error, message: say.inFile(originalName, error.message) });
        }
        scan = 'clean';
      }
      results[index] = { stored, kind: verdict.kind, extension: verdict.extension, mime: verdict.mime, originalName, declaredType: info.mimeType || null, scan };
    };

    parser.on('file', (name, stream, info) => {
      // A form cut short errs on the file part too, possibly before storage starts reading it
      // (an unheard 'error' would end the process); the parser's own error fails the upload.
      stream.on('error', () => undefined);
      if (failure) {
        stream.resume();
        return;
      }
      if (name !== options.fileField) {
        stream.resume();
        fail(new MultipartError(say.unexpectedFilePart(name, options.fileField)));
        return;
      }
      const index = results.length;
      results.push(undefined);
      work.push(receiveFile(index, stream, info).catch((error: Error) => fail(error)));
    });
    parser.on('field', (name, value, info) => {
      if (failure) return;
      if (!options.textFields.includes(name)) return fail(new MultipartError(say.unexpectedField(name, options.textFields)));
      if (info.valueTruncated) return fail(new MultipartError(say.fieldTooLong(name, options.maxFieldBytes)));
      if (fields.has(name)) return fail(new MultipartError(say.fieldRepeated(name)));
      fields.set(name, value);
    });
    parser.on('filesLimit', () => fail(new MultipartError(say.tooManyFiles(options.maxFiles))));
    parser.on('fieldsLimit', () => fail(new MultipartError(say.tooManyParts)));
    parser.on('partsLimit', () => fail(new MultipartError(say.tooManyParts)));
    parser.on('error', () => fail(new MultipartError(say.malformedMultipart)));
    parser.on('close', () => void settle());
    request.on('aborted', () => fail(new MultipartError(say.uploadAborted)));
    request.on('error', () => fail(new MultipartError(say.uploadAborted)));
    request.pipe(parser);
  });
}
