import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { sampleDocx, sampleEicar, sampleElf, sampleExe, sampleHtml, samplePdf, sampleXlsx } from '../support/sample-files';
import { filesUnder } from '../support/files-under';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');


/**
 * Deliverables through HTTP, as of Thursday 10/12/2026 09:00 in Hải Phòng: a focal point submits
 * files and figures, the monitor returns and then accepts, the history and the audit log show
 * every step, bad uploads are refused and nothing half-written stays on disk or in the database.
 * The requests carry the API token of a Sở Nội vụ officer who is also focal point of the agencies.
 */
describe('HTTP API: deliverables', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let filesDir: string;
  let user: TestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    filesDir = await mkdtemp(join(tmpdir(), 'phuluc-files-'));
    app = await createTestApp(database.url, {
      clock: fixedClock('2026-12-10T02:00:00Z'),
      env: { PHULUC_FILES_DIR: filesDir, PHULUC_VIRUS_SCANNER: 'eicar', PUBLIC_URL: 'https://phuluc.haiphong.gov.vn' },
    });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    db = app.get(DataSource);
    // Sở Nội vụ's officer who also acts, in this test, as focal point of every agency that submits.
    const communes: { code: string }[] = await db.query(`SELECT code FROM agency WHERE level = 'commune'`);
    user = await createAccount(app, { name: 'Chuyên viên Sở Nội vụ', roles: ['monitor'], focalPointOf: ['SKHCN', 'TTTP', 'SNV', 'CATP', 'BHXH', ...communes.map((c) => c.code)] });
    await db.query(
      `INSERT INTO person (agency_code, role, name, email) VALUES
         ('SKHCN', 'focal-point', 'Trần Thị Hoa', 'hoa.skhcn@haiphong.gov.vn'),
         ('TTTP', 'focal-point', 'Lê Văn Nam', 'nam.tttp@haiphong.gov.vn')`,
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  const http = () => apiAs(app, user);
  const instanceOf = async (row: string, period: string, agency?: string): Promise<string> => {
    const res = await http()
      .get(`/api/instances?plan=HP-BHXH-2030&row=${row}&period=${period}${agency ? `&agency=${agency}` : ''}&limit=500`)
      .expect(200);
    // The lead's task unless an agency is named (a supporting agency's is due a few days earlier).
    const item = agency ? res.body.items[0] : res.body.items.find((i: { role: string }) => i.role === 'lead');
    expect(item).toBeDefined();
    return item.id;
  };
  const counts = async () => {
    const [row] = await db.query(
      `SELECT (SELECT count(*)::int FROM submission) AS submissions, (SELECT count(*)::int FROM submission_file) AS files`,
    );
    return { ...row, onDisk: (await filesUnder(filesDir)).filter((f) => !f.startsWith('tmp/')).length };
  };

  it('submit, return, resubmit, accept: versions, files, the lifecycle, the audit log and the mails', async () => {
    const id = await instanceOf('III.6', '2026');
    const pdf = samplePdf('Kế hoạch 2026');
    const docx = await sampleDocx();
    const xlsx = await sampleXlsx();

    const first = await http()
      .post(`/api/instances/${id}/submissions`)
      .attach('files', pdf, { filename: 'Kế hoạch phát triển người tham gia BHXH năm 2026.pdf', contentType: 'application/pdf' })
      .attach('files', docx, { filename: 'Dự thảo.docx', contentType: 'application/octet-stream' })
      .attach('files', xlsx, { filename: 'Số liệu.xlsx' })
      .field('note', 'Gửi kèm kế hoạch và số liệu tổng hợp.')
      .field('documentNumber', '125/KH-SKHCN')
      .field('issuedOn', '05/12/2026')
      .field('signer', 'Nguyễn Văn An')
      .expect(201);
    expect(first.body).toMatchObject({
      version: 1,
      periodKey: '2026',
      submittedBy: user.actor,
      afterDue: false,
      afterCutoff: false,
      note: 'Gửi kèm kế hoạch và số liệu tổng hợp.',
      document: { number: '125/KH-SKHCN', issuedOn: '2026-12-05', signer: 'Nguyễn Văn An' },
      review: { status: 'pending' },
    });
    expect(first.body.files.map((f: { name: string; kind: string; size: number; sha256: string; scan: string }) => [f.name, f.kind, f.size, f.sha256, f.scan])).toEqual([
      ['Kế hoạch phát triển người tham gia BHXH năm 2026.pdf', 'pdf', pdf.length, sha256(pdf), 'clean'],
      ['Dự thảo.docx', 'docx', docx.length, sha256(docx), 'clean'],
      ['Số liệu.xlsx', 'xlsx', xlsx.length, sha256(xlsx), 'clean'],
    ]);
    // Stored under generated names only, and byte for byte.
    const stored = await filesUnder(filesDir);
    expect(stored.filter((f) => !f.startsWith('tmp/'))).toHaveLength(3);
    expect(stored.every((f) => f.startsWith('tmp/') || /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(f))).toBe(true);

    const download = await http().get(first.body.files[0].url).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(download.headers['content-disposition'].split("UTF-8''")[1])).toBe('Kế hoạch phát triển người tham gia BHXH năm 2026.pdf');

    // A second submission while the first waits for review is refused.
    const again = await http().post(`/api/instances/${id}/submissions`).attach('files', pdf, 'lan-2.pdf').expect(409);
    expect(again.body.error.message).toContain('không nhận sản phẩm mới');
    expect((await counts()).files).toBe(3);

    // Return without a date: due again in 5 working days (Thu 10/12 → Thu 17/12/2026).
    await http().post(`/api/instances/${id}/review`).send({ decision: 'return' }).expect(400);
    const returned = await http().post(`/api/instances/${id}/review`).send({ decision: 'return', comment: 'Bổ sung phụ lục số liệu theo xã.', version: 1 }).expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', submissions: [{ version: 1, review: { status: 'returned', comment: 'Bổ sung phụ lục số liệu theo xã.', revisionDueDate: '2026-12-17' } }] });
    const task = await http().get(`/api/instances/${id}`).expect(200);
    expect(task.body).toMatchObject({ state: 'returned', dueDate: '2026-12-17' });

    const second = await http().post(`/api/instances/${id}/submissions`).attach('files', xlsx, 'Phụ lục số liệu theo xã.xlsx').field('note', 'Đã bổ sung.').expect(201);
    expect(second.body).toMatchObject({ version: 2, review: { status: 'pending' } });
    // A reviewer who looked at version 1 cannot accept version 2 by mistake.
    const stale = await http().post(`/api/instances/${id}/review`).send({ decision: 'accept', version: 1 }).expect(409);
    expect(stale.body.error.message).toContain('Lần nộp số 1 không phải lần đang chờ xem xét (lần 2)');
    const accepted = await http().post(`/api/instances/${id}/review`).send({ decision: 'accept', comment: 'Đạt yêu cầu.', version: 2 }).expect(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.submissions.map((s: { version: number; review: { status: string } }) => [s.version, s.review.status])).toEqual([
      [2, 'accepted'],
      [1, 'returned'],
    ]);
    // Old versions stay readable.
    await http().get(accepted.body.submissions[1].files[0].url).expect(200);

    const history = await http().get(`/api/instances/${id}`).expect(200);
    expect(history.body.history.map((h: { event: string; to: string }) => `${h.event}→${h.to}`)).toEqual(['submit→submitted', 'return→returned', 'submit→submitted', 'accept→accepted']);

    // Reopening needs a reason; then the audit log holds every step, newest first, with before and after.
    await http().post(`/api/instances/${id}/reopen`).send({}).expect(400);
    await http().post(`/api/instances/${id}/reopen`).send({ reason: 'Kế hoạch phải cập nhật theo chỉ tiêu mới.' }).expect(200);
    const audit = await http().get(`/api/audit?instance=${id}`).expect(200);
    expect(audit.body.items.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual([
      `task.reopen:${user.actor}`,
      `submission.accept:${user.actor}`,
      `submission.create:${user.actor}`,
      `submission.return:${user.actor}`,
      `submission.create:${user.actor}`,
    ]);
    expect(audit.body.items[3]).toMatchObject({
      before: { status: 'submitted', dueDate: '2026-12-15', review: 'pending' },
      after: { status: 'returned', dueDate: '2026-12-17', review: 'returned', comment: 'Bổ sung phụ lục số liệu theo xã.' },
    });
    expect(audit.body.items[4].after.files).toHaveLength(3);
    await expect(db.query(`UPDATE audit_event SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    const byDay = await http().get(`/api/audit?instance=${id}&from=2026-12-10&to=2026-12-10&action=submission.create`).expect(200);
    expect(byDay.body.total).toBe(2);
    expect((await http().get(`/api/audit?instance=${id}&from=2026-12-11`).expect(200)).body.total).toBe(0);
    // The last day a date can name is a bound like any other (the day after it was a 500 once).
    expect((await http().get(`/api/audit?instance=${id}&to=2026-12-09`).expect(200)).body.total).toBe(0);
    expect((await http().get(`/api/audit?instance=${id}&from=1900-01-01&to=9999-12-31`).expect(200)).body.total).toBe(audit.body.total);

    // The focal point of SKHCN heard of each step, in Vietnamese, through the outbox.
    const mails = await db.query(
      `SELECT template, to_email, view FROM outbox_message WHERE idempotency_key LIKE 'notify:%' AND to_email = 'hoa.skhcn@haiphong.gov.vn' ORDER BY created_at, template`,
    );
    expect(mails.map((m: { template: string }) => m.template).sort()).toEqual(['returned', 'submission-accepted', 'submission-received', 'submission-received']);
    // Every focal point of the agency hears of it: the test's officer too (one mail each per event).
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE idempotency_key LIKE 'notify:%' AND to_email = $1`, [user.email]);
    expect(n).toBe(4);
    expect(mails.find((m: { template: string }) => m.template === 'returned').view).toMatchObject({
      reviewerComment: 'Bổ sung phụ lục số liệu theo xã.',
      newDueDate: '2026-12-17',
      rowKey: 'III.6',
      link: `https://phuluc.haiphong.gov.vn/nhiem-vu/${id}`,
    });
  });

  it('refuses bad uploads with clear messages and keeps nothing of them', async () => {
    const id = await instanceOf('III.9', '2026');
    const before = await counts();
    const refuse = async (status: number, code: string, attach: [Buffer, string], message: RegExp) => {
      const res = await http().post(`/api/instances/${id}/submissions`).attach('files', attach[0], attach[1]).expect(status);
      expect(res.body.error).toMatchObject({ code });
      expect(res.body.error.message).toMatch(message);
    };
    await refuse(415, 'FILE_TYPE_REFUSED', [sampleElf(), 'bao-cao.pdf'], /Tệp "bao-cao\.pdf": Nội dung tệp không khớp với phần mở rộng "\.pdf" \(nội dung thực tế: không xác định\)/);
    await refuse(415, 'FILE_TYPE_REFUSED', [sampleExe(), 'Báo cáo.pdf'], /Tệp "Báo cáo\.pdf": .*tệp chương trình/);
    await refuse(415, 'FILE_TYPE_REFUSED', [sampleExe(), 'setup.exe'], /Loại tệp này không được chấp nhận/);
    await refuse(415, 'FILE_TYPE_REFUSED', [sampleHtml(), 'bao-cao.pdf'], /không khớp với phần mở rộng "\.pdf"/);
    await refuse(400, 'FILE_EMPTY', [Buffer.alloc(0), 'trong.pdf'], /không có nội dung/);
    await refuse(422, 'FILE_INFECTED', [Buffer.concat([samplePdf(), sampleEicar()]), 'bao-cao.pdf'], /Eicar-Test-Signature/);
    // A good file next to a bad one: neither is kept.
    const mixed = await http().post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'tot.pdf').attach('files', sampleExe(), 'xau.pdf').expect(415);
    expect(mixed.body.error.message).toContain('xau.pdf');
    // Valid files but no content the row needs (no file for a report) and malformed fields.
    const noFile = await http().post(`/api/instances/${id}/submissions`).field('note', 'Chỉ có ghi chú').expect(400);
    expect(noFile.body.error.message).toBe('Sản phẩm "Báo cáo đánh giá" cần ít nhất một tệp đính kèm (trường "files").');
    const badField = await http().post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'a.pdf').field('figures', '{"x":1}').field('issuedOn', '31/02/2026').expect(400);
    expect(badField.body.error.details.errors.map((e: { field: string }) => e.field)).toEqual(['issuedOn', 'figures']);
    await http().post(`/api/instances/${id}/submissions`).attach('attachment', samplePdf(), 'a.pdf').expect(400);
    await http().post(`/api/instances/${id}/submissions`).send({ note: 'JSON thay vì multipart' }).expect(400);

    expect(await counts()).toEqual(before);
    expect((await http().get(`/api/instances/${id}`).expect(200)).body.state).toBe('open');
    expect(await filesUnder(join(filesDir, 'tmp'))).toEqual([]);
  });

  it('keeps a path-traversal name as sanitised metadata only', async () => {
    const id = await instanceOf('III.7', '2026');
    const res = await http().post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), '../../../../etc/cron.d/..\\evil\u202Efdp.pdf').expect(201);
    const [file] = res.body.files;
    expect(file.name).not.toMatch(/[/\\\u202E]/);
    expect(file.name.endsWith('.pdf')).toBe(true);
    const [row] = await db.query(`SELECT storage_key FROM submission_file WHERE id = $1`, [file.id]);
    expect(row.storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect((await stat(join(filesDir, row.storage_key))).size).toBe(samplePdf().length);
  });

  it('two reviewers at once: one wins, the other gets 409; two submissions at once: one is kept', async () => {
    const id = await instanceOf('III.8', '2026');
    const before = await counts();
    const submitted = await Promise.all(
      [1, 2, 3].map((n) => http().post(`/api/instances/${id}/submissions`).attach('files', samplePdf(`lần ${n}`), `lan-${n}.pdf`).field('link', 'https://haiphong.gov.vn/bhxh')),
    );
    expect(submitted.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const after = await counts();
    expect(after.submissions - before.submissions).toBe(1);
    expect(after.files - before.files).toBe(1);
    expect(after.onDisk - before.onDisk).toBe(1);

    const reviews = await Promise.all([
      http().post(`/api/instances/${id}/review`).send({ decision: 'accept' }),
      http().post(`/api/instances/${id}/review`).send({ decision: 'return', comment: 'Chưa đúng chuyên mục.' }),
    ]);
    expect(reviews.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = reviews.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe('TRANSITION_REFUSED');
    const audit = await http().get(`/api/audit?instance=${id}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      reviews[0].status === 200 ? 'submission.accept' : 'submission.return',
      'submission.create',
    ]);
  });

  it('figures: required with the report, corrected while pending, rolled up across agencies', async () => {
    const v6 = await instanceOf('V.6', '2026', 'TTTP');
    const missing = await http().post(`/api/instances/${v6}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').expect(400);
    expect(missing.body.error.message).toBe('Chưa nhập số liệu "Số cuộc thanh tra".');
    const notInteger = await http().post(`/api/instances/${v6}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').field('figures', '{"inspections": "12,5"}').expect(400);
    expect(notInteger.body.error.details.errors).toEqual([{ field: 'figures', code: 'inspections', message: 'Số liệu "Số cuộc thanh tra" phải là số nguyên.' }]);
    const sent = await http().post(`/api/instances/${v6}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').field('figures', '{"inspections": "1.204"}').expect(201);
    expect(sent.body.figures).toEqual([{ code: 'inspections', name: 'Số cuộc thanh tra', unit: 'cuộc', type: 'integer', value: 1204 }]);
    const corrected = await http().put(`/api/submissions/${sent.body.id}/figures`).send({ figures: { inspections: 1240 } }).expect(200);
    expect(corrected.body.figures[0].value).toBe(1240);
    const edits = await http().get(`/api/audit?instance=${v6}&action=figures.update`).expect(200);
    expect(edits.body.items[0]).toMatchObject({ before: { figures: { inspections: 1204 } }, after: { figures: { inspections: 1240 } } });

    // A supporting agency's contribution shows on the lead's task; the lead's figures roll up once accepted.
    const snv = await instanceOf('V.6', '2026', 'SNV');
    await http().post(`/api/instances/${snv}/submissions`).field('note', 'Sở Nội vụ đã phối hợp 3 cuộc thanh tra liên ngành.').expect(201);
    const lead = await http().get(`/api/instances/${v6}/submissions`).expect(200);
    expect(lead.body.contributions.find((c: { agency: { code: string } }) => c.agency.code === 'SNV')).toMatchObject({
      status: 'submitted',
      submissions: [{ version: 1, note: 'Sở Nội vụ đã phối hợp 3 cuộc thanh tra liên ngành.' }],
    });
    const pendingOnly = await http().get('/api/plans/HP-BHXH-2030/rows/V.6/figures?period=2026').expect(200);
    expect(pendingOnly.body.periods[0].metrics[0]).toMatchObject({ code: 'inspections', count: 0, sum: 0 });
    await http().post(`/api/instances/${v6}/review`).send({ decision: 'accept' }).expect(200);
    await http().put(`/api/submissions/${sent.body.id}/figures`).send({ figures: { inspections: 1241 } }).expect(200); // the monitor may still correct

    // A fanned-out row: the communes' figures, summed and averaged.
    const communes = await http().get('/api/instances?plan=HP-BHXH-2030&row=III.11&period=2026-H2&limit=3').expect(200);
    const values = [12, 30, 7];
    for (const [i, item] of communes.body.items.entries()) {
      await http().post(`/api/instances/${item.id}/submissions`).attach('files', samplePdf(), 'bao-cao.pdf').field('figures', JSON.stringify({ communication_activities: values[i] })).expect(201);
    }
    await http().post(`/api/instances/${communes.body.items[0].id}/review`).send({ decision: 'accept' }).expect(200);
    await http().post(`/api/instances/${communes.body.items[1].id}/review`).send({ decision: 'accept' }).expect(200);
    const accepted = await http().get('/api/plans/HP-BHXH-2030/rows/III.11/figures?period=2026-H2').expect(200);
    expect(accepted.body.periods).toHaveLength(1);
    expect(accepted.body.periods[0]).toMatchObject({ periodKey: '2026-H2', expected: 114, metrics: [{ code: 'communication_activities', sum: 42, average: 21, count: 2 }] });
    const withPending = await http().get('/api/plans/HP-BHXH-2030/rows/III.11/figures?period=2026-H2&include=submitted').expect(200);
    expect(withPending.body.periods[0].metrics[0]).toMatchObject({ sum: 49, count: 3 });
    const v6Rollup = await http().get('/api/plans/HP-BHXH-2030/rows/V.6/figures').expect(200);
    expect(v6Rollup.body.periods.find((p: { periodKey: string }) => p.periodKey === '2026').metrics[0]).toMatchObject({ sum: 1241, count: 1 });
    await http().get('/api/plans/HP-BHXH-2030/rows/IX.9/figures').expect(404);
  });

  it('waives a task with a reason, and refuses unknown instances and files', async () => {
    const id = await instanceOf('III.7', '2027');
    await http().post(`/api/instances/${id}/waive`).send({ reason: '   ' }).expect(400);
    const waived = await http().post(`/api/instances/${id}/waive`).send({ reason: 'Đã lồng ghép vào nhiệm vụ III.6.' }).expect(200);
    expect(waived.body.status).toBe('waived');
    await http().post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'a.pdf').expect(409);
    const missing = '00000000-0000-4000-8000-000000000000';
    await http().get(`/api/instances/${missing}/submissions`).expect(404);
    await http().get(`/api/files/${missing}`).expect(404);
    await http().post(`/api/instances/${missing}/submissions`).attach('files', samplePdf(), 'a.pdf').expect(404);
  });
});
