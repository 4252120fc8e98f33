import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { UploadRejectedError } from '../domain/upload-error';
import { InvalidStorageKeyError, LocalDiskStorage, STORAGE_KEY_PATTERN } from './local-disk-storage';

const KIB = 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** Splits a buffer into chunks, as a network stream delivers it. */
const chunked = (data: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)));

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  const clock = () => new Date('2025-12-31T16:30:00Z');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'phuluc-files-'));
    storage = new LocalDiskStorage(root, clock);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const partFiles = async () => (await readdir(join(root, 'tmp')).catch(() => [])).filter((name) => name.endsWith('.part'));
  const storedKeys = async () => {
    const keys: string[] = [];
    for await (const entry of storage.list()) keys.push(entry.key);
    return keys;
  };

  describe('put', () => {
    it('stores the content under a generated yyyy/mm/<uuid> key with its hash, size and head', async () => {
      const content = randomBytes(200 * KIB + 7);
      const stored = await storage.put(chunked(content, 16 * KIB), { maxBytes: 50 * 1024 * KIB });

      expect(stored.key).toMatch(/^2025\/12\/[0-9a-f-]{36}$/u);
      expect(stored.key).toMatch(STORAGE_KEY_PATTERN);
      expect(stored.size).toBe(content.length);
      expect(stored.sha256).toBe(sha256(content));
      expect(stored.head.equals(content.subarray(0, 64 * KIB))).toBe(true);

      const path = join(root, ...stored.key.split('/'));
      expect((await readFile(path)).equals(content)).toBe(true);
      expect((await stat(path)).mode & 0o777).toBe(0o640);
      expect(await partFiles()).toEqual([]);
    });

    it('gives every upload its own key', async () => {
      const a = await storage.put(Readable.from([Buffer.from('a')]), { maxBytes: 10 });
      const b = await storage.put(Readable.from([Buffer.from('a')]), { maxBytes: 10 });
      expect(a.key).not.toBe(b.key);
      expect(a.sha256).toBe(b.sha256);
    });

    it('keeps a head shorter than 64 KiB whole, and accepts exactly maxBytes', async () => {
      const content = Buffer.from('%PDF-1.4\n%%EOF\n');
      const stored = await storage.put(chunked(content, 3), { maxBytes: content.length });
      expect(stored.size).toBe(content.length);
      expect(stored.head.equals(content)).toBe(true);
    });

    it('stores an empty stream as size 0 (the caller refuses it as EMPTY_FILE)', async () => {
      const stored = await storage.put(Readable.from([]), { maxBytes: 10 });
      expect(stored).toMatchObject({ size: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
      expect(stored.head.length).toBe(0);
    });

    it('refuses one byte over the limit with TOO_LARGE and keeps nothing', async () => {
      const error = await storage.put(chunked(Buffer.alloc(11, 1), 4), { maxBytes: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UploadRejectedError);
      expect((error as UploadRejectedError).error).toMatchObject({ code: 'TOO_LARGE', httpStatus: 413 });
      expect((error as UploadRejectedError).error.message).toContain('tối đa');
      expect(await partFiles()).toEqual([]);
      expect(await storedKeys()).toEqual([]);
    });

    it('stops reading an endless upload as soon as the limit is passed', async () => {
      const chunk = Buffer.alloc(64 * KIB, 0x41);
      let pulled = 0;
      let finished = false;
      async function* endless() {
        try {
          for (;;) {
            pulled += 1;
            yield chunk;
          }
        } finally {
          finished = true;
        }
      }
      const source = Readable.from(endless());
      const maxBytes = 1024 * KIB; // 16 chunks fit; the 17th passes the limit

      await expect(storage.put(source, { maxBytes })).rejects.toMatchObject({ error: { code: 'TOO_LARGE' } });
      const pulledAtRejection = pulled;
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(source.destroyed).toBe(true);
      expect(finished).toBe(true); // the generator was closed, not left suspended
      expect(pulled).toBe(pulledAtRejection); // nothing read after the refusal
      // 17 chunks consumed plus at most Readable.from's read-ahead (highWaterMark 16 objects)
      expect(pulled).toBeGreaterThanOrEqual(17);
      expect(pulled).toBeLessThanOrEqual(17 + 16 + 1);
      expect(await partFiles()).toEqual([]);
    });

    it('removes the partial file when the client stream fails', async () => {
      async function* broken() {
        yield Buffer.alloc(KIB);
        throw new Error('connection reset');
      }
      await expect(storage.put(Readable.from(broken()), { maxBytes: 10 * KIB })).rejects.toThrow('connection reset');
      expect(await partFiles()).toEqual([]);
      expect(await storedKeys()).toEqual([]);
    });
  });

  describe('open and delete', () => {
    it('reads back what was stored, then deletes it (twice without error)', async () => {
      const { key } = await storage.put(Readable.from([Buffer.from('Báo cáo quý IV')]), { maxBytes: 100 });
      expect(await text(await storage.open(key))).toBe('Báo cáo quý IV');
      await storage.delete(key);
      await storage.delete(key);
      await expect(storage.open(key)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it.each([
      '../../etc/passwd',
      '2025/12/../../../etc/passwd',
      '/etc/passwd',
      'tmp/0b0e2a56-4d1f-4c3e-9a57-1d2e3f4a5b6c.part',
      '2025/13/0b0e2a56-4d1f-4c3e-9a57-1d2e3f4a5b6c',
      '2025/12/0B0E2A56-4D1F-4C3E-9A57-1D2E3F4A5B6C',
      '2025/12/0b0e2a56-4d1f-4c3e-9a57-1d2e3f4a5b6c/..',
      '2025\\12\\0b0e2a56-4d1f-4c3e-9a57-1d2e3f4a5b6c',
      '',
    ])('refuses the key %j', async (key) => {
      await expect(storage.open(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    });
  });

  describe('list and removeOrphans', () => {
    const longAgo = new Date('2025-01-01T00:00:00Z');
    const cutoff = new Date(Date.now() - 60 * 60 * 1000);

    it('lists stored files only, and removes unreferenced old files and stale .part files', async () => {
      const put = async (content: string) => (await storage.put(Readable.from([Buffer.from(content)]), { maxBytes: 100 })).key;
      const referenced = await put('referenced');
      const orphan = await put('orphan');
      const fresh = await put('fresh, its transaction may still commit');
      await utimes(join(root, ...referenced.split('/')), longAgo, longAgo);
      await utimes(join(root, ...orphan.split('/')), longAgo, longAgo);

      await writeFile(join(root, 'tmp', 'stale.part'), 'crash');
      await utimes(join(root, 'tmp', 'stale.part'), longAgo, longAgo);
      await writeFile(join(root, 'tmp', 'writing.part'), 'in progress');
      await writeFile(join(root, '2025', '12', 'notes.txt'), 'not a stored file');

      const listed = [];
      for await (const entry of storage.list()) listed.push(entry);
      expect(listed.map((entry) => entry.key).sort()).toEqual([referenced, orphan, fresh].sort());
      expect(listed.find((entry) => entry.key === orphan)).toMatchObject({ size: 6, modifiedAt: longAgo });

      const removed = await storage.removeOrphans(new Set([referenced]), cutoff);

      expect(removed).toEqual({ files: [orphan], parts: ['stale.part'] });
      expect((await storedKeys()).sort()).toEqual([referenced, fresh].sort());
      expect(await partFiles()).toEqual(['writing.part']);
    });

    it('lists nothing in an empty root', async () => {
      expect(await storedKeys()).toEqual([]);
      expect(await storage.removeOrphans(new Set(), new Date())).toEqual({ files: [], parts: [] });
    });
  });
});
