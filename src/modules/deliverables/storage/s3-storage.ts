/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, s3rver…) under an optional
 * prefix: `<prefix>yyyy/mm/<uuid>`, the same keys as LocalDiskStorage. An upload streams through
 * a counting/hashing Transform into a multipart upload (lib-storage's Upload), so memory stays
 * bounded whatever the file size; an object only becomes visible when the upload completes, so a
 * reader never sees a half-written file, and a refused or failed upload is aborted and leaves
 * nothing behind.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deliverableMessages } from '../deliverables.messages';
import { HEAD_BYTES } from '../domain/file-kinds';
import { uploadError, UploadRejectedError } from '../domain/upload-error';
import { FileStorage, removeUnreferenced, StoredEntry, StoredFile } from './file-storage';
import { InvalidStorageKeyError, STORAGE_KEY_PATTERN } from './local-disk-storage';

/**
 * Memory bound of one put: lib-storage holds one part being assembled plus up to `queueSize`
 * parts in flight, so about (QUEUE_SIZE + 1) × PART_SIZE = 24 MiB at most. 8 MiB parts allow
 * objects up to 80 GB (10,000 parts), far above any upload limit.
 */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
const DEFAULT_REGION = 'us-east-1';
const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u;

export interface S3StorageOptions {
  /** Base URL of an S3-compatible server (`http://127.0.0.1:9000`); absent for AWS S3 itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both or neither; without them the SDK's default chain (AWS_ACCESS_KEY_ID…) is used. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `http(s)://host/bucket/key` instead of `http(s)://bucket.host/key`: needed for IP endpoints. */
  forcePathStyle?: boolean;
  /** Folder inside the bucket (`phuluc/files`); a trailing `/` is added when missing. */
  prefix?: string;
}

/** What open() rejects with for a missing object: `code` 'ENOENT', like LocalDiskStorage. */
export class StoredFileNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly key: string) {
    super(`No stored file: ${key}`);
    this.name = 'StoredFileNotFoundError';
  }
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/** Strips slashes around a prefix and ends it with exactly one: '' stays ''. */
function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/gu, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`S3 storage URL: ${name} must be true or false, not ${JSON.stringify(value)}`);
}

/**
 * Reads the storage URL:
 *
 *   s3://[ACCESS_KEY:SECRET_KEY@][HOST[:PORT]]/BUCKET[/PREFIX…][?region=…&forcePathStyle=…&tls=…]
 *
 * - HOST[:PORT]: an S3-compatible server, reached at `https://HOST:PORT` (`http://` with
 *   `tls=false`). Without a host (`s3:///bucket?region=eu-west-1`) the AWS S3 endpoint of the
 *   region is used.
 * - ACCESS_KEY, SECRET_KEY: percent-encoded (a `/` in a secret is `%2F`, `+` is `%2B`). Both or
 *   neither; without them the AWS SDK's default credential chain applies (environment, profile…).
 * - BUCKET: the first path segment. PREFIX: the rest of the path, the folder inside the bucket.
 * - region: default `us-east-1` (what most S3-compatible servers expect).
 * - forcePathStyle: `true`/`false`; default `true` with a host (IP addresses and most
 *   self-hosted servers have no per-bucket DNS), `false` without.
 * - tls: `true`/`false`, default `true`; `false` only makes sense with a host.
 *
 * Example: `s3://ACCESS:SECRET@127.0.0.1:4568/bucket-name?region=us-east-1&forcePathStyle=true&tls=false`.
 * Error messages never repeat the URL (it holds the secret).
 */
export function parseS3StorageUrl(url: string): S3StorageOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('S3 storage URL is not a valid URL (expected s3://ACCESS:SECRET@HOST:PORT/BUCKET?region=…)');
  }
  if (parsed.protocol !== 's3:') throw new Error(`S3 storage URL must start with s3://, not ${parsed.protocol}//`);

  const known = new Set(['region', 'forcePathStyle', 'tls']);
  for (const name of parsed.searchParams.keys()) {
    if (!known.has(name)) throw new Error(`S3 storage URL: unknown parameter ${JSON.stringify(name)} (known: ${[...known].join(', ')})`);
  }
  const param = (name: string): string | undefined => {
    const values = parsed.searchParams.getAll(name);
    if (values.length > 1) throw new Error(`S3 storage URL: parameter ${name} is given more than once`);
    return values[0];
  };

  const [bucketSegment = '', ...prefixSegments] = parsed.pathname.replace(/^\/+/u, '').split('/');
  const bucket = decodeURIComponent(bucketSegment);
  if (!BUCKET_NAME_PATTERN.test(bucket)) {
    throw new Error(`S3 storage URL: ${JSON.stringify(bucket)} is not a valid bucket name (lower-case letters, digits, '.', '-'; 3 to 63)`);
  }
  const prefix = normalizePrefix(prefixSegments.map((segment) => decodeURIComponent(segment)).join('/'));

  const accessKeyId = parsed.username === '' ? undefined : decodeURIComponent(parsed.username);
  const secretAccessKey = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error('S3 storage URL: give both the access key and the secret key (ACCESS:SECRET@), or neither');
  }

  const tlsParam = param('tls');
  const tls = tlsParam === undefined ? true : parseBoolean('tls', tlsParam);
  const hasHost = parsed.hostname !== '';
  if (!hasHost && !tls) throw new Error('S3 storage URL: tls=false needs a host (an S3-compatible server)');
  const pathStyleParam = param('forcePathStyle');
  const forcePathStyle = pathStyleParam === undefined ? hasHost : parseBoolean('forcePathStyle', pathStyleParam);
  const region = param('region') ?? DEFAULT_REGION;
  if (region === '') throw new Error('S3 storage URL: region must not be empty');

  const options: S3StorageOptions = { region, bucket, forcePathStyle };
  if (hasHost) options.endpoint = `${tls ? 'https' : 'http'}://${parsed.host}`;
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    options.accessKeyId = accessKeyId;
    options.secretAccessKey = secretAccessKey;
  }
  if (prefix !== '') options.prefix = prefix;
  return options;
}

export class S3Storage implements FileStorage {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;

  constructor(
    options: S3StorageOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
      throw new Error('S3Storage: give both accessKeyId and secretAccessKey, or neither');
    }
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? false,
      // The SDK's default since 2025 adds CRC32 checksums to every upload (as aws-chunked
      // trailers for streams), which many S3-compatible servers reject or store verbatim. Ask for
      // checksums only where an operation requires them; the content's SHA-256 is ours anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    }
    this.client = new S3Client(config);
  }

  /** A storage from a config URL: see parseS3StorageUrl for the format. */
  static fromUrl(url: string, now?: () => Date): S3Storage {
    return new S3Storage(parseS3StorageUrl(url), now);
  }

  async put(stream: Readable, opts: { maxBytes: number }): Promise<StoredFile> {
    const month = this.now();
    const key = `${month.getUTCFullYear()}/${String(month.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
    const objectKey = this.objectKey(key);

    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        size += chunk.length;
        if (size > opts.maxBytes) {
          // Fails the pipeline: the source is destroyed (the rest of the upload is never pulled
          // from the client) and the Upload reading `meter` fails and aborts.
          callback(new UploadRejectedError(uploadError('TOO_LARGE', deliverableMessages.tooLarge(opts.maxBytes))));
          return;
        }
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLength);
          headChunks.push(part);
          headLength += part.length;
        }
        callback(null, chunk);
      },
    });

    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: meter, ContentType: 'application/octet-stream' },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false, // on failure lib-storage sends AbortMultipartUpload
    });
    let streamError: unknown;
    const piped = pipeline(stream, meter).catch((error: unknown) => {
      streamError ??= error;
      throw error;
    });
    const done = upload.done();
    try {
      await Promise.all([piped, done]);
    } catch (error) {
      // The client's error (TOO_LARGE, connection reset) rather than what it caused in the Upload.
      const cause = streamError ?? error;
      meter.destroy();
      if (!stream.destroyed) stream.destroy();
      // Wait for lib-storage to finish: its parts in flight, then its AbortMultipartUpload. Not
      // upload.abort(), which would reject at once and leave those requests running behind us.
      await done.catch(() => undefined);
      // The object normally never came to exist (a multipart upload is invisible until
      // completed), but a completion whose answer was lost may have stored it: delete to be sure.
      // If that fails too, the orphan sweep (removeUnreferenced) removes it later.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey })).catch(() => undefined);
      throw cause;
    }
    return { key, size, sha256: hash.digest('hex'), head: Buffer.concat(headChunks, headLength) };
  }

  async open(key: string): Promise<Readable> {
    const objectKey = this.objectKey(key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!(Body instanceof Readable)) throw new Error(`S3 GetObject returned no readable body for ${key}`);
      return Body;
    } catch (error) {
      if (isNotFound(error)) throw new StoredFileNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      // S3 answers 204 for a missing key too; some compatible servers answer 404.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Stored files under the prefix (keys without it); other objects in the bucket are skipped. */
  async *list(): AsyncIterable<StoredEntry> {
    const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: this.prefix === '' ? undefined : this.prefix });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || !object.Key.startsWith(this.prefix)) continue;
        const key = object.Key.slice(this.prefix.length);
        if (!STORAGE_KEY_PATTERN.test(key)) continue;
        // A missing date counts as new, so the orphan sweep never removes what it cannot date.
        yield { key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? this.now() };
      }
    }
  }

  /**
   * The cleanup job's work: stored objects no submission references, older than `olderThan`.
   * (Parts of interrupted multipart uploads are not objects: a bucket lifecycle rule,
   * AbortIncompleteMultipartUpload, removes those the abort on failure could not.)
   */
  removeUnreferenced(knownKeys: ReadonlySet<string>, olderThan: Date): Promise<string[]> {
    return removeUnreferenced(this, knownKeys, olderThan);
  }

  /** Closes the client's idle connections. */
  destroy(): void {
    this.client.destroy();
  }

  /** Nest calls this when the application shuts down. */
  onModuleDestroy(): void {
    this.destroy();
  }

  /** The object key of a storage key; refuses anything that is not a generated key. */
  private objectKey(key: string): string {
    if (!STORAGE_KEY_PATTERN.test(key)) throw new InvalidStorageKeyError(key);
    return `${this.prefix}${key}`;
  }
}
