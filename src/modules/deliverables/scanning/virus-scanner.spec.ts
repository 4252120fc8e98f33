import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ClamdError, ClamdScanner, EicarScanner, infectedError, parseClamdReply } from './virus-scanner';

// Built from two halves so the repository never holds the test string whole.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR' + '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

describe('EicarScanner', () => {
  const scanner = new EicarScanner();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phuluc-scan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each<[string, boolean, Buffer[]]>([
    ['the EICAR file itself', false, [Buffer.from(EICAR)]],
    ['EICAR inside a PDF', false, [Buffer.from(`%PDF-1.4\n${EICAR}\n%%EOF`)]],
    ['EICAR split across two chunks', false, [Buffer.from(`abc${EICAR.slice(0, 20)}`), Buffer.from(`${EICAR.slice(20)}xyz`)]],
    ['EICAR ending exactly at 64 KiB', false, [Buffer.alloc(64 * 1024 - EICAR.length, 0x20), Buffer.from(EICAR)]],
    ['EICAR starting after the first 64 KiB', true, [Buffer.alloc(64 * 1024, 0x20), Buffer.from(EICAR)]],
    ['a clean document', true, [Buffer.from('Báo cáo quý IV')]],
    ['an empty file', true, []],
  ])('%s → clean: %s', async (_label, clean, chunks) => {
    const result = await scanner.scan(Readable.from(chunks));
    expect(result).toEqual(clean ? { clean: true } : { clean: false, signature: 'Eicar-Test-Signature' });
  });

  it('scans a file by its path', async () => {
    const path = join(dir, 'eicar.com');
    await writeFile(path, EICAR);
    expect(await scanner.scan(path)).toEqual({ clean: false, signature: 'Eicar-Test-Signature' });
  });

  it('stops reading a long stream after 64 KiB', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1024, 0x20);
      }
    }
    expect(await scanner.scan(Readable.from(endless()))).toEqual({ clean: true });
    expect(pulled).toBeGreaterThanOrEqual(64);
    expect(pulled).toBeLessThanOrEqual(64 + 16 + 1); // plus Readable.from's read-ahead
  });

  it('turns a finding into a 422 INFECTED upload error', () => {
    expect(infectedError('Eicar-Test-Signature')).toEqual({
      code: 'INFECTED',
      httpStatus: 422,
      message: 'Tệp bị phần mềm diệt virus chặn (Eicar-Test-Signature).',
    });
  });
});

describe('parseClamdReply', () => {
  it.each([
    ['stream: OK\0', { clean: true }],
    ['stream: OK\n', { clean: true }],
    ['stream: Win.Test.EICAR_HDB-1 FOUND\0', { clean: false, signature: 'Win.Test.EICAR_HDB-1' }],
  ])('%j', (reply, expected) => expect(parseClamdReply(reply)).toEqual(expected));

  it.each(['INSTREAM size limit exceeded. ERROR\0', 'UNKNOWN COMMAND\0', ''])('refuses %j', (reply) => {
    expect(() => parseClamdReply(reply)).toThrow(ClamdError);
  });
});

/**
 * A tiny clamd: reads "zINSTREAM\0", then length-prefixed chunks until a zero length, and
 * answers like ClamAV. `behaviour` scripts the other replies.
 */
interface FakeClamd {
  server: Server;
  port: number;
  received: { command: string; chunkSizes: number[]; content: Buffer }[];
}

async function startFakeClamd(behaviour: 'scan' | 'limit' | 'silent', limit = Number.POSITIVE_INFINITY): Promise<FakeClamd> {
  const received: FakeClamd['received'] = [];
  const server = createServer((socket: Socket) => {
    let buffer = Buffer.alloc(0);
    let command: string | undefined;
    const chunks: Buffer[] = [];
    const chunkSizes: number[] = [];
    let total = 0;
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (command === undefined) {
        const nul = buffer.indexOf(0);
        if (nul < 0) return;
        command = buffer.toString('latin1', 0, nul);
        buffer = buffer.subarray(nul + 1);
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          const content = Buffer.concat(chunks);
          received.push({ command, chunkSizes, content });
          if (behaviour === 'silent') return;
          socket.end(content.includes(Buffer.from(EICAR)) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (buffer.length < 4 + length) return;
        chunks.push(buffer.subarray(4, 4 + length));
        chunkSizes.push(length);
        total += length;
        buffer = buffer.subarray(4 + length);
        if (behaviour === 'limit' && total > limit) {
          received.push({ command, chunkSizes, content: Buffer.concat(chunks) });
          socket.end('INSTREAM size limit exceeded. ERROR\0');
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

describe('ClamdScanner against a fake clamd over TCP', () => {
  let clamd: FakeClamd | undefined;
  afterEach(async () => {
    if (clamd) await new Promise((resolve) => clamd?.server.close(resolve));
    clamd = undefined;
  });

  it('sends the content in length-prefixed chunks and reports clean', async () => {
    clamd = await startFakeClamd('scan');
    const content = Buffer.alloc(10_000, 0x61);
    const scanner = new ClamdScanner('127.0.0.1', clamd.port, { chunkBytes: 4096 });

    expect(await scanner.scan(Readable.from([content.subarray(0, 5000), content.subarray(5000)]))).toEqual({ clean: true });
    expect(clamd.received).toHaveLength(1);
    expect(clamd.received[0].command).toBe('zINSTREAM');
    expect(clamd.received[0].chunkSizes).toEqual([4096, 904, 4096, 904]); // 5000 = 4096 + 904, twice
    expect(clamd.received[0].content.equals(content)).toBe(true);
  });

  it('reports the signature clamd found', async () => {
    clamd = await startFakeClamd('scan');
    const scanner = new ClamdScanner('127.0.0.1', clamd.port);
    expect(await scanner.scan(Readable.from([Buffer.from(`%PDF-1.4\n${EICAR}`)]))).toEqual({
      clean: false,
      signature: 'Eicar-Test-Signature',
    });
  });

  it('scans an empty stream (only the terminating zero length is sent)', async () => {
    clamd = await startFakeClamd('scan');
    expect(await new ClamdScanner('127.0.0.1', clamd.port).scan(Readable.from([]))).toEqual({ clean: true });
    expect(clamd.received[0].chunkSizes).toEqual([]);
  });

  it('fails with clamd\'s error when the stream is over its limit', async () => {
    clamd = await startFakeClamd('limit', 1000);
    const scanner = new ClamdScanner('127.0.0.1', clamd.port, { chunkBytes: 512 });
    const big = Readable.from(Array.from({ length: 2000 }, () => Buffer.alloc(512, 0x62)));
    await expect(scanner.scan(big)).rejects.toThrow('clamd: INSTREAM size limit exceeded. ERROR');
  });

  it('fails when clamd does not answer in time', async () => {
    clamd = await startFakeClamd('silent');
    const scanner = new ClamdScanner('127.0.0.1', clamd.port, { timeoutMs: 200 });
    await expect(scanner.scan(Readable.from([Buffer.from('a')]))).rejects.toThrow('clamd: no reply within 200 ms');
  });

  it('fails when nothing listens', async () => {
    const closed = await startFakeClamd('scan');
    await new Promise((resolve) => closed.server.close(resolve));
    await expect(new ClamdScanner('127.0.0.1', closed.port).scan(Readable.from([Buffer.from('a')]))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
