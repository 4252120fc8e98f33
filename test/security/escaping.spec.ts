import Handlebars from 'handlebars';
import JSZip from 'jszip';
import request from 'supertest';
import { MAIL_TEMPLATES } from '../../src/modules/reminders/outbox.service';
import type { MailTemplates } from '../../src/modules/reminders/mail-templates';
import { ACCESS_MATRIX } from '../../src/modules/access/access-matrix';
import { apiAs, createAccount, TEST_PASSWORD, type TestAccount } from '../support/auth';
import { docxText } from '../support/docx-text';
import { samplePdf } from '../support/sample-files';
import { multipart, type SecurityApp, startSecurityApp, taskId } from './security-app';
import { binaryBody } from '../support/binary-body';

/**
 * Text people type is stored as typed and comes out escaped wherever it is shown: markup, a
 * template expression, "&" and quotes in a submission note, a file name, a document number, a
 * signer, a reviewer's comment, an account's and a contact's name, an ad-hoc task's title and
 * reason. Checked in the task page (as a monitor signed in through the form), every other page,
 * the e-mails as the outbox sends them, and the annual report (DOCX and its HTML preview).
 */

const PAYLOAD = `<script>alert(1)</script> {{7*7}} & "nháy kép" 'nháy đơn' <img src=x onerror=alert(1)>`;
/** A file name keeps what a file name may hold (no < > " : / \ | ? *): the rest of the payload. */
const FILE_NAME = `{{7*7}} & 'Báo cáo' ${'<script>'}.pdf`;
/** What must never appear in HTML or XML output: the payload's markup, live. */
const LIVE_MARKUP = ['<script>', '<img src=x'];
const escapedHtml = Handlebars.Utils.escapeExpression(PAYLOAD);

const csrfIn = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/u.exec(html);
  if (!match) throw new Error(`no CSRF field in:\n${html.slice(0, 400)}`);
  return match[1];
};

function expectNoLiveMarkup(where: string, text: string) {
  const found = LIVE_MARKUP.filter((m) => text.includes(m));
  expect({ where, found }).toEqual({ where, found: [] });
}

describe('escaping of stored text in pages, e-mails and reports', () => {
  let s: SecurityApp;
  let focal: TestAccount;
  let task: string;
  let adHoc: string;
  let monitorPage: request.Agent;

  beforeAll(async () => {
    // Over plain http (the test's agent would not send back a Secure cookie).
    s = await startSecurityApp({ PUBLIC_URL: 'http://phuluc.haiphong.gov.vn' });
    task = await taskId(s.db, 'V.6', '2026');
    const [{ agency_code: agency }]: { agency_code: string }[] = await s.db.query(`SELECT agency_code FROM task_instance WHERE id = $1`, [task]);
    focal = await createAccount(s.app, { name: PAYLOAD, focalPointOf: [agency] });
    // The agency's contact who receives the notifications, named with the payload too.
    await apiAs(s.app, s.admin).post('/api/people').send({ agency, role: 'focal-point', email: 'dau-moi@haiphong.gov.vn', name: PAYLOAD }).expect(201);

    const submit = (note: string) => {
      const form = multipart([
        { name: 'note', value: note },
        { name: 'documentNumber', value: PAYLOAD },
        { name: 'signer', value: PAYLOAD },
        { name: 'figures', value: '{"inspections": 3}' },
        { name: 'files', value: samplePdf(), fileName: FILE_NAME, type: 'application/pdf' },
      ]);
      return apiAs(s.app, focal).post(`/api/instances/${task}/submissions`).set('Content-Type', form.contentType).send(form.body);
    };
    const first = await submit(PAYLOAD);
    expect(first.status).toBe(201);
    expect(first.body.note).toBe(PAYLOAD);
    const monitor = apiAs(s.app, s.monitor);
    await monitor.post(`/api/instances/${task}/review`).send({ decision: 'return', comment: PAYLOAD }).expect(200);
    expect((await submit(`${PAYLOAD} (lần 2)`)).status).toBe(201);
    await monitor.post(`/api/instances/${task}/review`).send({ decision: 'accept', comment: PAYLOAD }).expect(200);

    const created = await monitor.post('/api/instances').send({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-12-22', title: PAYLOAD, reason: PAYLOAD });
    expect(created.status).toBe(201);
    adHoc = created.body.created[0].id;
    expect(created.body.created[0].title).toBe(PAYLOAD);

    // The monitor signs in through the form: the pages are read with a session cookie.
    monitorPage = request.agent(s.app.getHttpServer());
    const form = await monitorPage.get('/dang-nhap').expect(200);
    await monitorPage.post('/dang-nhap').type('form').send({ _csrf: csrfIn(form.text), email: s.monitor.email, password: TEST_PASSWORD, tiep: '/' }).redirects(0).expect(303);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('the task page shows the note, the file name, the document facts, the comments and the submitter escaped', async () => {
    const page = await monitorPage.get(`/nhiem-vu/${task}`).set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/u);
    expectNoLiveMarkup('task page', page.text);
    expect(page.text).toContain(escapedHtml);
    // A template expression in stored text is shown, not evaluated.
    expect(page.text).toContain('{{7*7}}');
    // The file name as stored (characters a file name may not hold are dropped), escaped.
    const [{ original_name: stored }]: { original_name: string }[] = await s.db.query(`SELECT original_name FROM submission_file LIMIT 1`);
    expect(stored).toMatch(/& 'Báo cáo'/u);
    expect(page.text).toContain(`>${Handlebars.Utils.escapeExpression(stored)}</a>`);
  });

  it('the ad-hoc task’s page and its title in the API are the text as typed, never live markup', async () => {
    const page = await monitorPage.get(`/nhiem-vu/${adHoc}`).set('Accept', 'text/html').expect(200);
    expectNoLiveMarkup('ad-hoc task page', page.text);
    const json = await apiAs(s.app, s.monitor).get(`/api/instances/${adHoc}`).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/u);
    expect(json.headers['x-content-type-options']).toBe('nosniff');
    expect(json.body.title).toBe(PAYLOAD);
  });

  it('no page shows the stored text as live markup (every page a monitor and an admin can open)', async () => {
    const admin = apiAs(s.app, s.admin);
    const pages = Object.keys(ACCESS_MATRIX)
      .filter((k) => k.startsWith('GET /') && !k.startsWith('GET /api') && !k.startsWith('GET /health') && !k.startsWith('GET /metrics') && !k.includes(':'))
      .map((k) => k.slice(4));
    expect(pages.length).toBeGreaterThan(10);
    for (const path of [...pages, `/co-quan/${(await s.db.query(`SELECT agency_code FROM task_instance WHERE id = $1`, [task]))[0].agency_code}`, `/quan-tri/tai-khoan/${focal.id}`]) {
      const res = await admin.get(path).set('Accept', 'text/html').redirects(0);
      expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
      expectNoLiveMarkup(path, res.text ?? '');
    }
    const accounts = await admin.get('/quan-tri/tai-khoan').set('Accept', 'text/html').expect(200);
    expect(accounts.text).toContain(escapedHtml);
  });

  it('the e-mails (submission received, returned, accepted) escape names and comments in HTML and keep them verbatim in the text part', async () => {
    const templates = s.app.get<MailTemplates>(MAIL_TEMPLATES);
    const messages: { template: string; view: Record<string, unknown> }[] = await s.db.query(`SELECT template, view FROM outbox_message ORDER BY created_at`);
    const kinds = new Set(messages.map((m) => m.template));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['returned', 'submission-accepted', 'submission-received']));
    for (const message of messages) {
      const mail = templates.render(message.template as never, message.view as never);
      expectNoLiveMarkup(`${message.template} html`, mail.html);
      expect(mail.html).toContain(escapedHtml);
      expect(mail.text).toContain(PAYLOAD);
      expect(mail.subject).not.toMatch(/[\r\n]/u);
    }
  });

  it('the annual report DOCX holds the text as XML-escaped text; its HTML preview escapes it', async () => {
    const monitor = apiAs(s.app, s.monitor);
    const docx = await monitor
      .get('/api/reports/annual?year=2026&format=docx')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    const { text } = await docxText(docx.body as Buffer);
    expect(text).toContain(PAYLOAD);
    // Every part of the package, not only the body.
    for (const name of Object.keys(zip.files)) {
      if (!name.endsWith('.xml')) continue;
      const part = await zip.file(name)!.async('string');
      expect({ name, live: part.includes('<script') || part.includes('<img') }).toEqual({ name, live: false });
    }

    const html = await monitor.get('/api/reports/annual?year=2026&format=html').expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/u);
    expectNoLiveMarkup('report preview', html.text);
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.text).toContain('{{7*7}}');
  });
});
