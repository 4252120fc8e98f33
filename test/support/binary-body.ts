/** A supertest parser that keeps the response body as a Buffer (DOCX, XLSX, file downloads). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binaryBody(res: any, done: (error: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
