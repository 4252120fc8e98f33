/**
 * Files on local disk under `<root>` (PHULUC_DATA_DIR/files): `<root>/yyyy/mm/<uuid>`, written
 * first to `<root>/tmp/<uuid>.part` while hashing, then renamed into place (same filesystem,
 * so the rename is atomic). A reader never sees a half-written file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { FileHandle, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deliverableMessages } from '../deliverables.messages';
import { HEAD_BYTES } from '../domain/file-kinds';
import { uploadError, UploadRejectedError } from '../domain/upload-error';
import { FileStorage, removeUnreferenced, StoredEntry, StoredFile } from './file-storage';

/** `yyyy/mm/<uuid v4>`, lower-case hex: the only keys open/delete accept. */
export const STORAGE_KEY_PATTERN = /^\d{4}\/(0[1-9]|1[0-2])\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;
const FILE_MODE = 0o640;
const TMP_DIR = 'tmp';

export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid storage key: ${JSON.stringify(key)}`);
    this.name = 'InvalidStorageKeyError';
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class LocalDiskStorage implements FileStorage {
  constructor(
    private readonly root: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(stream: Readable, opts: { maxBytes: number }): Promise<StoredFile> {
    const month = this.now();
    const id = randomUUID();
    const key = `${month.getUTCFullYear()}/${String(month.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
    const tmpPath = join(this.root, TMP_DIR, `${id}.part`);
    await mkdir(join(this.root, TMP_DIR), { recursive: true });

    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    let file: FileHandle | undefined = await open(tmpPath, 'wx', FILE_MODE);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        if (size > opts.maxBytes) {
          // Stop reading now: the rest of the upload is never pulled from the client.
          stream.destroy();
          throw new UploadRejectedError(uploadError('TOO_LARGE', deliverableMessages.tooLarge(opts.maxBytes)));
        }
        hash.update(bytes);
        if (headLength < HEAD_BYTES) {
          const part = bytes.subarray(0, HEAD_BYTES - headLength);
          headChunks.push(part);
          headLength += part.length;
        }
        await file.write(bytes);
      }
      await file.sync();
      await file.chmod(FILE_MODE);
      await file.close();
      file = undefined;
      const target = this.pathOf(key);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmpPath, target);
    } catch (error) {
      await file?.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      if (!stream.destroyed) stream.destroy();
      throw error;
    }
    return { key, size, sha256: hash.digest('hex'), head: Buffer.concat(headChunks, headLength) };
  }

  async open(key: string): Promise<Readable> {
    const handle = await open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async *list(): AsyncIterable<StoredEntry> {
    for (const year of await this.entries(this.root)) {
      if (!/^\d{4}$/u.test(year)) continue;
      for (const month of await this.entries(join(this.root, year))) {
        for (const name of await this.entries(join(this.root, year, month))) {
          const key = `${year}/${month}/${name}`;
          if (!STORAGE_KEY_PATTERN.test(key)) continue;
          try {
            const info = await stat(join(this.root, year, month, name));
            if (info.isFile()) yield { key, size: info.size, modifiedAt: info.mtime };
          } catch (error) {
            if (!isNotFound(error)) throw error; // deleted while listing
          }
        }
      }
    }
  }

  /**
   * The cleanup job's work: stored files no submission references and `.part` files left by a
   * crash, both only when older than `olderThan`.
   */
  async removeOrphans(knownKeys: ReadonlySet<string>, olderThan: Date): Promise<{ files: string[]; parts: string[] }> {
    const files = await removeUnreferenced(this, knownKeys, olderThan);
    const parts: string[] = [];
    for (const name of await this.entries(join(this.root, TMP_DIR))) {
      if (!name.endsWith('.part')) continue;
      const path = join(this.root, TMP_DIR, name);
      try {
        if ((await stat(path)).mtime < olderThan) {
          await unlink(path);
          parts.push(name);
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return { files, parts };
  }

  /** The path of a key; refuses anything that is not a generated key (no traversal, no tmp/). */
  private pathOf(key: string): string {
    if (!STORAGE_KEY_PATTERN.test(key)) throw new InvalidStorageKeyError(key);
    return join(this.root, ...key.split('/'));
  }

  private async entries(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir)).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}
