/** Where uploaded files live: behind an interface, so local disk and S3-compatible stores swap. */
import { Readable } from 'node:stream';

export interface StoredFile {
  /** Server-generated; never derived from the uploaded name. */
  key: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** The first ≤ 64 KiB, for type detection and scanning. */
  head: Buffer;
}

export interface StoredEntry {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface FileStorage {
  /** Streams the content in; rejects with UploadRejectedError(TOO_LARGE) past maxBytes, storing nothing. */
  put(stream: Readable, opts: { maxBytes: number }): Promise<StoredFile>;
  open(key: string): Promise<Readable>;
  /** Deleting a missing key is not an error (cleanup and rollback may race). */
  delete(key: string): Promise<void>;
  list(): AsyncIterable<StoredEntry>;
}

/**
 * Deletes stored files that no submission references and that are older than `olderThan`
 * (a file just written belongs to a transaction that may still commit). Returns the keys removed.
 */
export async function removeUnreferenced(storage: FileStorage, knownKeys: ReadonlySet<string>, olderThan: Date): Promise<string[]> {
  const orphans: string[] = [];
  for await (const entry of storage.list()) {
    if (!knownKeys.has(entry.key) && entry.modifiedAt < olderThan) orphans.push(entry.key);
  }
  for (const key of orphans) await storage.delete(key);
  return orphans;
}
