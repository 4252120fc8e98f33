/**
 * The antivirus hook: an interface, a clamd client for production (ClamAV's INSTREAM over TCP)
 * and an EICAR-only scanner for tests and machines without ClamAV.
 */
import { createReadStream } from 'node:fs';
import { connect, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { deliverableMessages } from '../deliverables.messages';
import { HEAD_BYTES } from '../domain/file-kinds';
import { UploadError, uploadError } from '../domain/upload-error';

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** A file to scan: a stream of its content, or the path of a stored file. */
export type ScanSource = Readable | string;

export interface VirusScanner {
  scan(source: ScanSource): Promise<ScanResult>;
}

export function infectedError(signature: string): UploadError {
  return uploadError('INFECTED', deliverableMessages.infected(signature));
}

function toStream(source: ScanSource): Readable {
  return typeof source === 'string' ? createReadStream(source) : source;
}

// The EICAR test string, kept in two halves so no file of the repository holds it whole
// (a real antivirus on a developer's machine would quarantine this source file otherwise).
const EICAR_HALVES = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STAND', 'ARD-ANTIVIRUS-TEST-FILE!$H+H*'];
export const EICAR_SIGNATURE_NAME = 'Eicar-Test-Signature';

/** Flags the EICAR test string anywhere in the first 64 KiB; everything else is clean. */
export class EicarScanner implements VirusScanner {
  private readonly eicar = Buffer.from(EICAR_HALVES.join(''), 'latin1');

  async scan(source: ScanSource): Promise<ScanResult> {
    const stream = toStream(source);
    const chunks: Buffer[] = [];
    let length = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        chunks.push(bytes.subarray(0, HEAD_BYTES - length));
        length += Math.min(bytes.length, HEAD_BYTES - length);
        if (length >= HEAD_BYTES) break;
      }
    } finally {
      stream.destroy();
    }
    return Buffer.concat(chunks).includes(this.eicar) ? { clean: false, signature: EICAR_SIGNATURE_NAME } : { clean: true };
  }
}

export class ClamdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClamdError';
  }
}

export interface ClamdOptions {
  /** Connect + scan + reply, in milliseconds. */
  timeoutMs?: number;
  /** Largest INSTREAM chunk; clamd's StreamMaxLength bounds the total, not the chunk. */
  chunkBytes?: number;
}

/** Interprets clamd's reply to INSTREAM ("stream: OK", "stream: <signature> FOUND", "… ERROR"). */
export function parseClamdReply(reply: string): ScanResult {
  const line = reply.replace(/\0/gu, '').trim();
  if (line === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/u.exec(line);
  if (found) return { clean: false, signature: found[1] };
  throw new ClamdError(`clamd: ${line === '' ? 'no reply' : line}`);
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(length);
  return prefix;
}

/** ClamAV's daemon over TCP, INSTREAM command: 4-byte big-endian length + chunk, …, 0. */
export class ClamdScanner implements VirusScanner {
  private readonly timeoutMs: number;
  private readonly chunkBytes: number;

  constructor(
    private readonly host: string,
    private readonly port: number,
    options: ClamdOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
  }

  async scan(source: ScanSource): Promise<ScanResult> {
    const stream = toStream(source);
    const socket = connect({ host: this.host, port: this.port });
    const timer = setTimeout(() => socket.destroy(new ClamdError(`clamd: no reply within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const reply = this.readReply(socket);
      reply.catch(() => undefined); // awaited below; avoids an unhandled rejection while still sending
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      let answered = false;
      void reply.then(
        () => (answered = true),
        () => (answered = true),
      );
      try {
        await this.write(socket, Buffer.from('zINSTREAM\0', 'latin1'));
        for await (const chunk of stream as AsyncIterable<Buffer | string>) {
          if (answered) break; // clamd replied early (size limit): stop sending
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          for (let at = 0; at < bytes.length; at += this.chunkBytes) {
            const part = bytes.subarray(at, at + this.chunkBytes);
            await this.write(socket, Buffer.concat([lengthPrefix(part.length), part]));
          }
        }
        if (!answered) await this.write(socket, lengthPrefix(0));
      } catch (sendError) {
        // clamd may have answered and closed while we were sending: its reply says why.
        const text = await reply.catch(() => {
          throw sendError;
        });
        return parseClamdReply(text);
      }
      return parseClamdReply(await reply);
    } finally {
      clearTimeout(timer);
      stream.destroy();
      socket.destroy();
    }
  }

  /** Resolves with the text up to the first NUL (the "z" command prefix) or the end. */
  private readReply(socket: Socket): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const finish = () => resolve(Buffer.concat(chunks).toString('utf8'));
      socket.on('data', (data: Buffer) => {
        chunks.push(data);
        if (data.includes(0)) finish();
      });
      socket.once('end', finish);
      socket.once('close', () => (chunks.length > 0 ? finish() : reject(new ClamdError('clamd: connection closed without a reply'))));
      socket.once('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    });
  }

  private write(socket: Socket, data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (socket.destroyed) {
        reject(new ClamdError('clamd: connection closed'));
        return;
      }
      socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }
}
