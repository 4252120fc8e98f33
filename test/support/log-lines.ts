import { Writable } from 'node:stream';

/**
 * A log destination that keeps every line written to it (pino writes one JSON object per line):
 * `lines` as written, `parsed()` as objects of the shape the test expects.
 */
export function captureLogLines<Line = Record<string, unknown>>(): { destination: Writable; lines: string[]; parsed(): Line[]; clear(): void } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { destination, lines, parsed: () => lines.map((l) => JSON.parse(l) as Line), clear: () => void (lines.length = 0) };
}
