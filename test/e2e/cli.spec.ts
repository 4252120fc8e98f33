import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docxText } from '../support/docx-text';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { unusedPort } from '../support/unused-port';

/** The `phuluc` command line, as built by `npm run build` (the pretest script). */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'phuluc');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'definitions');

function phuluc(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('phuluc command line', () => {
  it('validate: exit 0 and a summary for the Hải Phòng definitions', () => {
    const text = phuluc(['validate']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Hợp lệ: 6 tệp định nghĩa, không có lỗi.');
    expect(text.stdout).toContain('Cảnh báo: workflows/directory/hai-phong-groups.yaml [BHXH_CO_SO]: nhóm "BHXH cơ sở" (BHXH_CO_SO) chưa có thành viên');

    const json = phuluc(['validate', '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ ok: true, problems: [] });
    expect(parsed.files).toEqual([
      'workflows/calendar/viet-nam.yaml',
      'workflows/directory/hai-phong-agencies.yaml',
      'workflows/directory/hai-phong-groups.yaml',
      'workflows/directory/hai-phong-units.yaml',
      'workflows/hp-bhxh-2030/appendix.yaml',
      'workflows/hp-bhxh-2030/plan.yaml',
    ]);
  });

  it('validate: a non-zero exit and every problem with file, line, row and field', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-cli-'));
    try {
      await fs.copyFile(path.join(FIXTURES, 'valid', 'directory.yaml'), path.join(dir, 'directory.yaml'));
      await fs.copyFile(path.join(FIXTURES, 'valid', 'plan.yaml'), path.join(dir, 'plan.yaml'));
      await fs.copyFile(path.join(FIXTURES, 'broken', 'appendix-wrong-types.yaml'), path.join(dir, 'appendix.yaml'));
      const text = phuluc(['validate', dir]);
      expect(text.code).toBe(1);
      const file = path.relative(ROOT, path.join(dir, 'appendix.yaml'));
      expect(text.stdout).toContain(`${file}:12:20: [I.1] deliverable.kind: phải là một trong: document, report, plan, list, metric, system, link`);
      expect(text.stdout).toContain('Có 4 lỗi trong các tệp định nghĩa.');
      const json = JSON.parse(phuluc(['validate', dir, '--json']).stdout);
      expect(json.ok).toBe(false);
      expect(json.problems).toContainEqual({
        file,
        line: 13,
        column: 5,
        path: 'rows[0].timing',
        item: 'I.1',
        field: 'timing',
        message: 'phải là chuỗi ký tự',
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  describe('load', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase({ empty: true });
    });
    afterAll(async () => {
      await database.drop();
    });

    it('migrates, loads, and a second load reports everything unchanged', () => {
      const first = phuluc(['load', '--json'], { DATABASE_URL: database.url });
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout).summary.plans[0].rows).toEqual({ added: 21, newVersions: 0, unchanged: 0, retired: 0, total: 21 });
      const second = phuluc(['load'], { DATABASE_URL: database.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('Cơ quan: thêm 0, cập nhật 0, không đổi 138, ngừng dùng 0.');
      expect(second.stdout).toContain('21 dòng phụ lục: thêm 0, phiên bản mới 0, không đổi 21, ngừng dùng 0.');
    });

    it('user add, token create, seed-demo: accounts with generated passwords, a working token, demonstration data', async () => {
      const env = { DATABASE_URL: database.url, PHULUC_FILES_DIR: path.join(os.tmpdir(), `phuluc-cli-demo-${process.pid}`) };
      const added = phuluc(['user', 'add', '--email', 'chuyen-vien@snv.haiphong.gov.vn', '--name', 'Nguyễn Thị Thu', '--role', 'monitor', '--focal-point', 'SNV', '--json'], env);
      expect(added.code).toBe(0);
      const account = JSON.parse(added.stdout);
      expect(account).toMatchObject({ ok: true, created: true, account: { email: 'chuyen-vien@snv.haiphong.gov.vn', roles: ['monitor'], focalPointOf: ['SNV'] } });
      expect(account.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/u);
      const badRole = phuluc(['user', 'add', '--email', 'x@snv.haiphong.gov.vn', '--name', 'X', '--role', 'superuser'], env);
      expect(badRole.code).toBe(1);
      expect(badRole.stderr).toContain('Vai trò "superuser" không tồn tại');
      const token = phuluc(['token', 'create', '--email', 'chuyen-vien@snv.haiphong.gov.vn', '--json'], env);
      expect(token.code).toBe(0);
      expect(JSON.parse(token.stdout).token).toMatch(/^phuluc_/u);
      const noAccount = phuluc(['token', 'create', '--email', 'khong-co@snv.haiphong.gov.vn'], env);
      expect(noAccount.code).toBe(1);
      expect(noAccount.stderr).toContain('Không có tài khoản khong-co@snv.haiphong.gov.vn.');

      const demo = phuluc(['seed-demo', '--json'], env);
      expect({ code: demo.code, stderr: demo.stderr }).toEqual({ code: 0, stderr: '' });
      const seeded = JSON.parse(demo.stdout);
      expect(seeded.accounts.map((a: { role: string }) => a.role).sort()).toEqual(['admin', 'focal-point', 'focal-point', 'focal-point', 'head', 'monitor', 'viewer']);
      expect(seeded.submissions).toBeGreaterThan(80);
      expect(seeded.alreadySeeded).toBe(false);
      // A second run gives new passwords and leaves the data alone.
      const again = JSON.parse(phuluc(['seed-demo', '--json'], env).stdout);
      expect(again).toMatchObject({ ok: true, submissions: 0, alreadySeeded: true });
      expect(again.accounts[0].password).not.toBe(seeded.accounts[0].password);
      await fs.rm(env.PHULUC_FILES_DIR, { recursive: true, force: true });
    });

    it('files cleanup: removes stored files nothing references, keeps young ones, refuses a bad age', async () => {
      const filesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-cli-files-'));
      try {
        await fs.mkdir(path.join(filesDir, '2026', '11'), { recursive: true });
        const orphan = path.join(filesDir, '2026', '11', '0b0e0f00-1111-4222-8333-444455556666');
        await fs.writeFile(orphan, 'mồ côi');
        const env = { DATABASE_URL: database.url, PHULUC_FILES_DIR: filesDir };
        const young = phuluc(['files', 'cleanup', '--json'], env);
        expect(young.code).toBe(0);
        expect(JSON.parse(young.stdout)).toEqual({ ok: true, removed: [], partials: [] });
        await fs.utimes(orphan, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
        const old = phuluc(['files', 'cleanup'], env);
        expect(old.code).toBe(0);
        expect(old.stdout).toContain('Đã xóa 1 tệp không thuộc lần nộp nào và 0 tệp tạm dang dở.');
        await expect(fs.stat(orphan)).rejects.toThrow(/ENOENT/);
        const bad = phuluc(['files', 'cleanup', '--older-than-minutes', 'mười'], env);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('--older-than-minutes phải là số nguyên không âm (nhận được "mười").');
      } finally {
        await fs.rm(filesDir, { recursive: true, force: true });
      }
    });
    it('report annual: writes the DOCX draft (kept and attached) or the HTML preview; refuses an unknown format', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-cli-report-'));
      try {
        const env = { DATABASE_URL: database.url, PHULUC_FILES_DIR: path.join(dir, 'files') };
        const out = path.join(dir, 'bao-cao.docx');
        const docx = phuluc(['report', 'annual', '--plan', 'HP-BHXH-2030', '--year', '2026', '--out', out, '--json'], env);
        expect({ code: docx.code, stderr: docx.stderr }).toEqual({ code: 0, stderr: '' });
        const result = JSON.parse(docx.stdout);
        expect(result).toMatchObject({ ok: true, file: out, document: { kind: 'annual-report', year: 2026, generatedBy: 'cli' } });
        const { text } = await docxText(await fs.readFile(out));
        expect(text).toContain('BÁO CÁO');
        expect(text).toContain('1.184.000');
        const html = phuluc(['report', 'annual', '--year', '2026', '--format', 'html', '--out', path.join(dir, 'bao-cao.html')], env);
        expect(html.code).toBe(0);
        expect(html.stdout).toContain('Đã ghi');
        expect(await fs.readFile(path.join(dir, 'bao-cao.html'), 'utf8')).toContain('<h1>BÁO CÁO</h1>');
        const bad = phuluc(['report', 'annual', '--year', '2026', '--format', 'pdf', '--out', path.join(dir, 'x.pdf')], env);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('--format "pdf" không hợp lệ: docx, html hoặc xlsx.');
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('serve without DATABASE_URL (what `npm start` runs)', () => {
    let child: ChildProcess | undefined;
    let dataDir: string;
    afterEach(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await fs.rm(dataDir, { recursive: true, force: true });
    });

    it('starts an embedded PostgreSQL, loads the plan, answers HTTP, and stops cleanly', async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-serve-'));
      const port = String(await unusedPort());
      child = spawn(process.execPath, [BIN, 'serve'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', PHULUC_DATA_DIR: dataDir, PORT: port, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const base = `http://127.0.0.1:${port}`;
      let healthy = false;
      for (let i = 0; i < 120 && !healthy && child.exitCode === null; i++) {
        healthy = await fetch(`${base}/health`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 500));
      }
      expect({ healthy, output: healthy ? '' : output }).toEqual({ healthy: true, output: '' });
      expect(output).toContain('Dùng PostgreSQL nhúng');
      expect(output).toContain(`phuluc đang chạy tại http://localhost:${port}`);
      expect(output).toMatch(/Kế hoạch HP-BHXH-2030, các kỳ mở đến \d\d\/\d\d\/\d{4}: tạo \d+ nhiệm vụ, đã có 0\./);
      // The first start made one admin and printed its generated password once; nothing is open without it.
      expect(output).toContain('Tài khoản quản trị đầu tiên: admin@phuluc.local');
      const password = /Mật khẩu \(chỉ hiện lần này, hãy đổi sau khi đăng nhập\): (\S+)/u.exec(output)?.[1];
      expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/u);
      expect((await fetch(`${base}/api/plans/HP-BHXH-2030/workflows`)).status).toBe(401);
      const form = await fetch(`${base}/dang-nhap`);
      const formCookie = form.headers.get('set-cookie')!.split(';')[0];
      const csrf = /name="_csrf" value="([^"]+)"/u.exec(await form.text())![1];
      const signedIn = await fetch(`${base}/dang-nhap`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: formCookie },
        body: new URLSearchParams({ _csrf: csrf, email: 'admin@phuluc.local', password: password!, tiep: '/' }).toString(),
      });
      expect(signedIn.status).toBe(303);
      const session = signedIn.headers.get('set-cookie')!.split(';')[0];
      const rows = (await (await fetch(`${base}/api/plans/HP-BHXH-2030/workflows`, { headers: { Cookie: session } })).json()) as { key: string; task: string }[];
      expect(rows).toHaveLength(21);
      expect(rows[6].task).toBe('Triển khai "Tháng vận động triển khai BHXH toàn dân"');

      const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // The embedded server stopped with the application: its lock file is gone.
      await expect(fs.stat(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow();
    });
  });
});
