import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import S3rver from 's3rver';
import { UploadRejectedError } from '../domain/upload-error';
import { InvalidStorageKeyError, STORAGE_KEY_PATTERN } from './local-disk-storage';
import { parseS3StorageUrl, S3Storage, S3StorageOptions } from './s3-storage';

const KIB = 1024;
const MIB = 1024 * KIB;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** Splits a buffer into chunks, as a network stream delivers it. */
const chunked = (data: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)));
/** s3rver's built-in account. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const REGION = 'us-east-1';

const adminConfig: S3ClientConfig = {
  region: REGION,
  forcePathStyle: true,
  credentials: CREDENTIALS,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
};

/** An s3rver in a child Node process with the OpenSSL legacy provider, on 127.0.0.1, a port the system picks. */
async function startChildS3rver(parentDirectory: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const directory = await mkdtemp(join(parentDirectory, 'child-'));
  const script = `
    const S3rver = require(process.argv[1]);
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2] });
    server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'));
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script, require.resolve('s3rver'), directory], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const close = async () => {
    child.stdin.end(); // the child closes its server and exits
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const [line] = (await Promise.race([
      once(createInterface({ input: child.stdout }), 'line'),
      exited.then(([code]) => Promise.reject(new Error(`child s3rver exited with ${String(code)}`))),
    ])) as [string];
    const { port } = JSON.parse(line) as { port: number };
    return { endpoint: `http://127.0.0.1:${port}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Hashes and counts a stream without keeping it. */
async function digestOf(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

describe('S3Storage (against s3rver on loopback)', () => {
  let server: S3rver;
  let directory: string;
  let endpoint: string;
  let admin: S3Client;
  /** S3 event names s3rver reported, in order ('ObjectCreated:Put', 'ObjectCreated:Post' for multipart…). */
  let events: { eventName: string; key: string }[];
  let bucket: string;
  let storage: S3Storage;
  let bucketCount = 0;
  const clock = () => new Date('2025-12-31T16:30:00Z');
  const options = (extra: Partial<S3StorageOptions> = {}): S3StorageOptions => ({
    endpoint,
    region: REGION,
    bucket,
    forcePathStyle: true,
    ...CREDENTIALS,
    ...extra,
  });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'phuluc-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    admin = new S3Client({ ...adminConfig, endpoint });
    // s3rver is a Koa application: it emits S3 notification events for what it stores.
    (server as unknown as EventEmitter).on('event', (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
      for (const record of event.Records) events.push({ eventName: record.eventName, key: record.s3.object.key });
    });
  });

  afterAll(async () => {
    admin?.destroy();
    await server?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  beforeEach(async () => {
    bucketCount += 1;
    bucket = `phuluc-test-${bucketCount}`;
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    events = [];
    storage = new S3Storage(options(), clock);
  });

  afterEach(() => {
    storage.destroy();
    jest.restoreAllMocks();
  });

  /** Records the S3 commands every client sends from now on (they still go to the server). */
  const recordCommands = () => {
    const send = jest.spyOn(S3Client.prototype, 'send');
    return () => send.mock.calls.map((args: unknown[]) => (args[0] as object).constructor.name);
  };

  /** Every object in the bucket, as the server has it (not through S3Storage). */
  const bucketKeys = async () => (await admin.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((object) => object.Key) ?? [];
  const storedKeys = async (from: S3Storage = storage) => {
    const keys: string[] = [];
    for await (const entry of from.list()) keys.push(entry.key);
    return keys;
  };

  describe('put and open', () => {
    it('stores the content under a generated yyyy/mm/<uuid> key with its hash, size and head, and reads it back', async () => {
      const content = randomBytes(200 * KIB + 7);
      const stored = await storage.put(chunked(content, 16 * KIB), { maxBytes: 50 * MIB });

      expect(stored.key).toMatch(/^2025\/12\/[0-9a-f-]{36}$/u);
      expect(stored.key).toMatch(STORAGE_KEY_PATTERN);
      expect(stored.size).toBe(content.length);
      expect(stored.sha256).toBe(sha256(content));
      expect(stored.head.equals(content.subarray(0, 64 * KIB))).toBe(true);

      const readBack = await buffer(await storage.open(stored.key));
      expect(sha256(readBack)).toBe(sha256(content));
      expect(readBack.equals(content)).toBe(true);
      // Stored as one plain object at exactly that key (no prefix configured).
      expect(await bucketKeys()).toEqual([stored.key]);
      expect(events.map((event) => event.eventName)).toEqual(['ObjectCreated:Put']);
    });

    it('gives every upload its own key, keeps a short head whole, accepts exactly maxBytes and stores an empty stream', async () => {
      const content = Buffer.from('%PDF-1.4\n%%EOF\n');
      const a = await storage.put(chunked(content, 3), { maxBytes: content.length });
      const b = await storage.put(Readable.from([content]), { maxBytes: content.length });
      expect(a.key).not.toBe(b.key);
      expect(a).toMatchObject({ size: content.length, sha256: sha256(content) });
      expect(a.head.equals(content)).toBe(true);
      expect(await text(await storage.open(b.key))).toBe(content.toString());

      const empty = await storage.put(Readable.from([]), { maxBytes: 10 });
      expect(empty).toMatchObject({ size: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
      expect(empty.head.length).toBe(0);
      expect((await buffer(await storage.open(empty.key))).length).toBe(0);
    });

    it('streams a 20 MB upload through a multipart upload and reads it back intact', async () => {
      const total = 20 * MIB + 12_345; // 8 + 8 + 4 MiB parts
      const expected = createHash('sha256');
      let generated = 0;
      async function* generate() {
        while (generated < total) {
          const chunk = randomBytes(Math.min(64 * KIB, total - generated));
          expected.update(chunk);
          generated += chunk.length;
          yield chunk;
        }
      }
      const stored = await storage.put(Readable.from(generate()), { maxBytes: 25 * MIB });
      const expectedSha = expected.digest('hex');

      expect(generated).toBe(total);
      expect(stored.size).toBe(total);
      expect(stored.sha256).toBe(expectedSha);
      expect(stored.head.length).toBe(64 * KIB);
      expect(await digestOf(await storage.open(stored.key))).toEqual({ size: total, sha256: expectedSha });
      // CompleteMultipartUpload is reported as a POST; a single PutObject would be a PUT.
      expect(events).toEqual([{ eventName: 'ObjectCreated:Post', key: stored.key }]);
    });
  });

  describe('refused and failed uploads', () => {
    it('refuses one byte over the limit with TOO_LARGE and keeps nothing', async () => {
      const source = chunked(Buffer.alloc(11, 1), 4);
      const error = await storage.put(source, { maxBytes: 10 }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(UploadRejectedError);
      expect((error as UploadRejectedError).error).toMatchObject({ code: 'TOO_LARGE', httpStatus: 413 });
      expect((error as UploadRejectedError).error.message).toContain('tối đa');
      expect(source.destroyed).toBe(true);
      expect(await storedKeys()).toEqual([]);
      expect(await bucketKeys()).toEqual([]);
      expect(events.filter((event) => event.eventName.startsWith('ObjectCreated'))).toEqual([]);
    });

    it('stops reading an endless upload once the limit is passed, after parts were sent, and keeps nothing', async () => {
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
      const maxBytes = 17 * MIB; // two 8 MiB parts go out before the limit is passed
      const commands = recordCommands();

      await expect(storage.put(source, { maxBytes })).rejects.toMatchObject({ name: 'UploadRejectedError', error: { code: 'TOO_LARGE' } });
      const pulledAtRejection = pulled;
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(source.destroyed).toBe(true);
      expect(finished).toBe(true); // the generator was closed, not left suspended
      expect(pulled).toBe(pulledAtRejection); // nothing read after the refusal
      expect(pulled * chunk.length).toBeGreaterThan(maxBytes);
      // The limit plus read-ahead (Readable.from's 16 objects and the Transform's buffers), not more.
      expect(pulled).toBeLessThanOrEqual(maxBytes / chunk.length + 1 + 16 + 4);
      // The multipart upload was aborted, never completed. (s3rver answers AbortMultipartUpload
      // with 405 Not Implemented and keeps the parts in its own folder; they are no object.)
      expect(commands()).toEqual([
        'CreateMultipartUploadCommand',
        'UploadPartCommand',
        'UploadPartCommand',
        'AbortMultipartUploadCommand',
        'DeleteObjectCommand',
      ]);
      expect(await storedKeys()).toEqual([]);
      expect(await bucketKeys()).toEqual([]);
    });

    it.each([
      ['before any part was sent', KIB, ['DeleteObjectCommand']],
      ['after a part was sent', 9 * MIB, ['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand', 'DeleteObjectCommand']],
    ])('leaves no object when the client stream fails %s', async (_when, bytesBeforeFailure, expectedCommands) => {
      const commands = recordCommands();
      async function* broken() {
        for (let sent = 0; sent < bytesBeforeFailure; sent += 64 * KIB) yield Buffer.alloc(Math.min(64 * KIB, bytesBeforeFailure - sent), 7);
        throw new Error('connection reset');
      }
      await expect(storage.put(Readable.from(broken()), { maxBytes: 50 * MIB })).rejects.toThrow('connection reset');
      expect(commands()).toEqual(expectedCommands);
      expect(await storedKeys()).toEqual([]);
      expect(await bucketKeys()).toEqual([]);
    });
  });

  describe('open and delete', () => {
    it('deletes (twice without error), then open rejects with code ENOENT', async () => {
      const { key } = await storage.put(Readable.from([Buffer.from('Báo cáo quý IV')]), { maxBytes: 100 });
      expect(await text(await storage.open(key))).toBe('Báo cáo quý IV');
      await storage.delete(key);
      await expect(storage.delete(key)).resolves.toBeUndefined();
      await expect(storage.open(key)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await bucketKeys()).toEqual([]);
    });

    it('resolves deleting a key that never existed, and open of it rejects with ENOENT', async () => {
      const never = `2024/01/${randomUUID()}`;
      await expect(storage.delete(never)).resolves.toBeUndefined();
      await expect(storage.open(never)).rejects.toMatchObject({ code: 'ENOENT', key: never });
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
      'files/2025/12/0b0e2a56-4d1f-4c3e-9a57-1d2e3f4a5b6c',
      '',
    ])('refuses the key %j', async (key) => {
      await expect(storage.open(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    });
  });

  describe('list and removeUnreferenced', () => {
    const put = async (on: S3Storage, content: string) => (await on.put(Readable.from([Buffer.from(content)]), { maxBytes: 100 })).key;

    it('lists stored files with their sizes, under the prefix only, keys without the prefix', async () => {
      const files = new S3Storage(options({ prefix: '/phuluc/files/' }), clock);
      try {
        const a = await put(files, 'a');
        const b = await put(files, 'bbbbbbbbbb');
        const elsewhere = await put(storage, 'same bucket, no prefix');
        await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'phuluc/files/2025/12/notes.txt', Body: 'not a stored file' }));

        const listed = [];
        for await (const entry of files.list()) listed.push(entry);
        expect(listed.map(({ key, size }) => ({ key, size })).sort((x, y) => x.key.localeCompare(y.key))).toEqual(
          [
            { key: a, size: 1 },
            { key: b, size: 10 },
          ].sort((x, y) => x.key.localeCompare(y.key)),
        );
        for (const entry of listed) expect(Math.abs(entry.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
        expect((await bucketKeys()).sort()).toEqual([`phuluc/files/${a}`, `phuluc/files/${b}`, 'phuluc/files/2025/12/notes.txt', elsewhere].sort());
        expect(await text(await files.open(a))).toBe('a');
        await expect(files.open(elsewhere)).rejects.toMatchObject({ code: 'ENOENT' });
        // Without a prefix the whole bucket is listed: generated keys only.
        expect((await storedKeys()).sort()).toEqual([elsewhere].sort());
      } finally {
        files.destroy();
      }
    });

    it('follows ListObjectsV2 pagination past 1000 objects', async () => {
      // s3rver signs its continuation tokens with DES, which OpenSSL 3 (Node >= 17) refuses
      // unless the legacy provider is loaded: this test runs its own s3rver in a child process
      // started with --openssl-legacy-provider.
      const paged = await startChildS3rver(directory);
      const pagedAdmin = new S3Client({ ...adminConfig, endpoint: paged.endpoint });
      const pagedStorage = new S3Storage(options({ endpoint: paged.endpoint, bucket: 'paged', prefix: 'files' }), clock);
      try {
        await pagedAdmin.send(new CreateBucketCommand({ Bucket: 'paged' }));
        const keys = Array.from({ length: 1005 }, () => `2025/11/${randomUUID()}`);
        for (let i = 0; i < keys.length; i += 50) {
          await Promise.all(
            keys.slice(i, i + 50).map((key) => pagedAdmin.send(new PutObjectCommand({ Bucket: 'paged', Key: `files/${key}`, Body: 'x' }))),
          );
        }
        const page = await pagedAdmin.send(new ListObjectsV2Command({ Bucket: 'paged', Prefix: 'files/' }));
        expect(page).toMatchObject({ IsTruncated: true, KeyCount: 1000 }); // really paginated

        const listed = [];
        for await (const entry of pagedStorage.list()) listed.push(entry);
        expect(listed.length).toBe(keys.length);
        expect(new Set(listed.map((entry) => entry.key))).toEqual(new Set(keys));
        expect(listed.every((entry) => entry.size === 1)).toBe(true);
      } finally {
        pagedStorage.destroy();
        pagedAdmin.destroy();
        await paged.close();
      }
    });

    it('removes only unreferenced keys older than the cutoff', async () => {
      const referenced = await put(storage, 'referenced');
      const orphan = await put(storage, 'orphan');
      // S3 dates objects to the second: the fresh file must be in a later second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const fresh = await put(storage, 'fresh, its transaction may still commit');

      const dates = new Map<string, Date>();
      for await (const entry of storage.list()) dates.set(entry.key, entry.modifiedAt);
      const cutoff = dates.get(fresh)!;
      expect(dates.get(orphan)!.getTime()).toBeLessThan(cutoff.getTime());

      const removed = await storage.removeUnreferenced(new Set([referenced]), cutoff);

      expect(removed).toEqual([orphan]);
      expect((await storedKeys()).sort()).toEqual([referenced, fresh].sort());
      await expect(storage.open(orphan)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('lists nothing in an empty bucket', async () => {
      expect(await storedKeys()).toEqual([]);
      expect(await storage.removeUnreferenced(new Set(), new Date())).toEqual([]);
    });
  });

  describe('fromUrl', () => {
    it.each<[string, string, S3StorageOptions]>([
      [
        'the documented example',
        's3://ACCESS:SECRET@127.0.0.1:4568/bucket-name?region=us-east-1&forcePathStyle=true&tls=false',
        { endpoint: 'http://127.0.0.1:4568', region: 'us-east-1', bucket: 'bucket-name', accessKeyId: 'ACCESS', secretAccessKey: 'SECRET', forcePathStyle: true },
      ],
      [
        'TLS by default, path style by default with a host, default region',
        's3://AK:SK@minio.internal:9000/files',
        { endpoint: 'https://minio.internal:9000', region: 'us-east-1', bucket: 'files', accessKeyId: 'AK', secretAccessKey: 'SK', forcePathStyle: true },
      ],
      [
        'percent-encoded secret, prefix from the rest of the path',
        's3://AK:a%2Fb%2Bc%3D@s3.example.org/phuluc-prod/deliverables/files/?region=eu-central-1&forcePathStyle=false',
        {
          endpoint: 'https://s3.example.org',
          region: 'eu-central-1',
          bucket: 'phuluc-prod',
          accessKeyId: 'AK',
          secretAccessKey: 'a/b+c=',
          forcePathStyle: false,
          prefix: 'deliverables/files/',
        },
      ],
      [
        'no host: AWS itself, credentials from the environment',
        's3:///phuluc.bucket?region=ap-southeast-1',
        { region: 'ap-southeast-1', bucket: 'phuluc.bucket', forcePathStyle: false },
      ],
      ['IPv6 loopback', 's3://A:B@[::1]:4568/bkt?tls=false', { endpoint: 'http://[::1]:4568', region: 'us-east-1', bucket: 'bkt', accessKeyId: 'A', secretAccessKey: 'B', forcePathStyle: true }],
    ])('parses %s', (_name, url, expected) => {
      expect(parseS3StorageUrl(url)).toEqual(expected);
    });

    it.each([
      ['not a URL', 'not a url', /not a valid URL/u],
      ['another scheme', 'https://A:B@127.0.0.1/bucket', /must start with s3:\/\//u],
      ['no bucket', 's3://A:B@127.0.0.1:4568/', /not a valid bucket name/u],
      ['an invalid bucket name', 's3://A:B@127.0.0.1:4568/Bucket_Name', /not a valid bucket name/u],
      ['a key without a secret', 's3://A@127.0.0.1:4568/bucket', /both the access key and the secret key/u],
      ['a bad boolean', 's3://A:B@127.0.0.1:4568/bucket?tls=no', /tls must be true or false/u],
      ['a misspelt parameter', 's3://A:B@127.0.0.1:4568/bucket?forcepathstyle=true', /unknown parameter "forcepathstyle"/u],
      ['a repeated parameter', 's3://A:B@127.0.0.1:4568/bucket?region=a&region=b', /more than once/u],
      ['an empty region', 's3://A:B@127.0.0.1:4568/bucket?region=', /region must not be empty/u],
      ['plain HTTP to AWS', 's3:///bucket?tls=false', /tls=false needs a host/u],
    ])('refuses %s', (_name, url, message) => {
      expect(() => parseS3StorageUrl(url)).toThrow(message);
    });

    it('never repeats the secret in its errors', () => {
      expect(() => parseS3StorageUrl('s3://AK:TOPSECRET@127.0.0.1:4568/bkt?tls=maybe')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('TOPSECRET') }));
    });

    it('builds a storage that reaches the server', async () => {
      const { port } = new URL(endpoint);
      const fromUrl = S3Storage.fromUrl(`s3://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}/via-url?region=${REGION}&tls=false`, clock);
      try {
        const { key, sha256: digest } = await fromUrl.put(Readable.from([Buffer.from('qua URL')]), { maxBytes: 100 });
        expect(digest).toBe(sha256(Buffer.from('qua URL')));
        expect(await text(await fromUrl.open(key))).toBe('qua URL');
        expect(await bucketKeys()).toEqual([`via-url/${key}`]);
        const raw = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: `via-url/${key}` }));
        expect(await raw.Body?.transformToString()).toBe('qua URL');
      } finally {
        fromUrl.destroy();
      }
    });
  });
});
