import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { writeAppendixXlsx } from '../fixtures/import/make-xlsx';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** `phuluc import` through the built command line, on a copy of workflows/ and real files. */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'phuluc');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');

let work: string;
let workflows: string;

function phuluc(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    env: { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'silent', PHULUC_WORKFLOWS_DIR: workflows, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-import-'));
  workflows = path.join(work, 'workflows');
  await fs.cp(path.join(ROOT, 'workflows'), workflows, { recursive: true });
});
afterEach(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('phuluc import', () => {
  it('--dry-run --json reads the Hải Phòng appendix: every row, its due dates and parties, nothing written', async () => {
    const before = await listFiles(workflows);
    const run = phuluc(['import', path.join(FIXTURES, 'hai-phong-appendix.csv'), '--plan', 'HP-BHXH-2030', '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.rows.map((r: { key: string }) => r.key)).toEqual([
      'III.6', 'III.7', 'III.8', 'III.9', 'III.10', 'III.11', 'III.12', 'IV.1', 'IV.2', 'IV.3', 'IV.4', 'IV.5',
      'V.1', 'V.2', 'V.3', 'V.4', 'V.5', 'V.6', 'V.7', 'VI.1', 'VI.2',
    ]);
    const byKey = Object.fromEntries(report.rows.map((r: { key: string }) => [r.key, r]));
    expect(byKey['VI.1'].timing).toMatchObject({
      text: 'Định kỳ, trước ngày 25/12 hằng năm',
      kind: 'yearly',
      dueDates: ['2026-12-24', '2027-12-24', '2028-12-22', '2029-12-24', '2030-12-24'],
    });
    expect(byKey['VI.2'].timing).toMatchObject({ kind: 'once', dueDates: ['2031-01-30'] });
    expect(byKey['IV.1'].timing).toMatchObject({ kind: 'roadmap', dueDates: [] });
    // The plan's own settings apply: yearly reports without a date are due 15/12.
    expect(byKey['V.1'].timing.dueDates[0]).toBe('2026-12-15');
    expect(byKey['III.10'].lead).toEqual([
      { name: 'Ủy ban MTTQ Việt Nam thành phố', resolved: 'UBMTTQ', type: 'agency' },
      { name: 'các tổ chức chính trị – xã hội', resolved: 'TC_CTXH', type: 'group' },
    ]);
    expect(byKey['V.7'].support.map((p: { resolved: string }) => p.resolved)).toEqual(['SNV', 'BHXH', 'TTTP', 'BQLKKT', 'SNNMT', 'SCT']);
    // 21 rows and the headings of sections IV, V and VI: every line of the file is accounted for.
    expect(report.summary).toMatchObject({ rows: 21, unresolvedNames: [], blockingRows: [], linesRead: 24, linesInRows: 21, linesHeadings: 3, linesNoted: 0 });
    expect(report.written).toEqual([]);
    expect(await listFiles(workflows)).toEqual(before);
  });

  it('reads the same appendix from an XLSX workbook with a title, merged cells and line breaks', async () => {
    const csv: string[][] = parse(readFileSync(path.join(FIXTURES, 'hai-phong-appendix.csv'), 'utf8'), { from_line: 2 });
    // Row III.10's task over two physical rows with its number cell merged, as Word-made tables do.
    const index = csv.findIndex((r) => r[1] === '10');
    const [section, number, task, lead, support, deliverable, timing] = csv[index];
    const split = task.indexOf(' trong ');
    const rows = [
      ...csv.slice(0, index),
      [section, number, task.slice(0, split), lead, support, deliverable, timing],
      [section, number, task.slice(split + 1), '', '', '', ''],
      ...csv.slice(index + 1),
    ].map((r) => r.map((cell) => cell.replace('; ', ';\n')));
    const file = path.join(work, 'phu-luc.xlsx');
    await writeAppendixXlsx(file, rows, { title: 'PHỤ LỤC: NHIỆM VỤ CỤ THỂ', merge: [`B${4 + index}:B${5 + index}`] });
    const run = phuluc(['import', file, '--plan', 'HP-BHXH-2030', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe('xlsx');
    expect(report.rows).toHaveLength(21);
    const iii10 = report.rows.find((r: { key: string }) => r.key === 'III.10');
    expect(iii10.lines).toEqual([4 + index, 5 + index]);
    expect(iii10.task.replace('\n', ' ')).toBe('Lồng ghép tuyên truyền chính sách BHXH trong các phong trào, cuộc vận động của hội, đoàn thể chính trị – xã hội');
    expect(iii10.support.map((p: { resolved: string }) => p.resolved)).toEqual(['BHXH', 'UBND_CAP_XA']);
  });

  it('writes an appendix it has never seen as a draft plan, says what to fix, and loads once fixed', async () => {
    const run = phuluc(['import', path.join(FIXTURES, 'unseen-appendix.csv'), '--plan', 'TINH-CDS-2026', '--title', 'Kế hoạch chuyển đổi số 2026–2030']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('13 dòng phụ lục từ 18 dòng của tệp: 14 dòng nội dung, 3 dòng tiêu đề mục, 1 dòng trống hoặc bỏ qua có ghi chú.');
    expect(run.stdout).toContain('Chưa xác định được: Sở Thông tin và Truyền thông; Ngân hàng Nhà nước Khu vực 4.');
    expect(run.stdout).toContain('Đã ghi: workflows/tinh-cds-2026/plan.yaml, workflows/tinh-cds-2026/appendix.yaml.');
    expect(run.stdout).toMatch(/workflows\/tinh-cds-2026\/appendix\.yaml:\d+:\d+: \[I\.2\] lead\.parties: bắt buộc, không được để trống/);

    const appendix = path.join(workflows, 'tinh-cds-2026', 'appendix.yaml');
    const text = await fs.readFile(appendix, 'utf8');
    await fs.writeFile(appendix, text.replace(/(key: I\.2[\s\S]*?parties: )\[\s*\]/, '$1[ SKHCN ]'));
    expect(phuluc(['validate']).code).toBe(0);

    const database: TestDatabase = await createTestDatabase({ empty: true });
    try {
      const load = phuluc(['load', '--json'], { DATABASE_URL: database.url });
      expect(load.code).toBe(0);
      const plans = JSON.parse(load.stdout).summary.plans;
      expect(plans.find((p: { code: string }) => p.code === 'TINH-CDS-2026')).toMatchObject({ created: true, rows: { added: 13 } });
    } finally {
      await database.drop();
    }
  });

  it.each([
    ['empty.csv', Buffer.alloc(0), 'EMPTY'],
    ['no-header.csv', Buffer.from('Báo cáo kết quả,Sở Nội vụ\nMột dòng,khác\n'), 'NO_HEADER'],
    ['wrong-columns.csv', Buffer.from('section,number,task,lead,deliverable,timing,owner\nI,1,a,SNV,Báo cáo,Hằng năm,x\n'), 'WRONG_COLUMNS'],
    ['latin1.csv', Buffer.from('section,number,task,lead,support,deliverable,timing\nI,1,B\xe1o c\xe1o,SNV,,B\xe1o c\xe1o,H\xe0ng n\xe4m\n', 'latin1'), 'NOT_UTF8'],
    ['image.xlsx', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'NOT_A_SPREADSHEET'],
  ])('%s: one clear error, exit 1, nothing written', async (name, bytes, code) => {
    const file = path.join(work, name);
    await fs.writeFile(file, bytes);
    const before = await listFiles(workflows);
    const run = phuluc(['import', file, '--plan', 'MOI-2026', '--json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ ok: false, error: { code } });
    expect(out.error.message).toContain(name);
    const text = phuluc(['import', file, '--plan', 'MOI-2026']);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(await listFiles(workflows)).toEqual(before);
  });
});
