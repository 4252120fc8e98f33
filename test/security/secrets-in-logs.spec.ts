import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { fixedClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { OutboxService } from '../../src/modules/reminders/outbox.service';
import { TickService } from '../../src/modules/reminders/tick.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { createAccount, TEST_PASSWORD, type TestAccount } from '../support/auth';
import { captureLogLines } from '../support/log-lines';
import { samplePdf } from '../support/sample-files';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { multipart, taskId } from './security-app';

/**
 * Secrets never reach the logs. The application runs exactly as `phuluc serve` builds it, at
 * LOG_LEVEL=debug, its pino output captured line by line (the application's own logger, only its
 * destination redirected); then people sign in with a password, use API tokens, reset a
 * password through the e-mailed link, subscribe to and poll a calendar feed, submit a form with
 * the session's CSRF token, and the outbox sends through an SMTP server with a password. None of
 * the passwords, tokens, cookies, secret URLs, nor the database's and SMTP server's passwords
 * may appear in any log line.
 */

const SMTP_PASSWORD = 'mat-khau-smtp-bi-mat-9731';
const WRONG_PASSWORD = 'gõ nhầm mật khẩu của tôi 4417';
const NEW_PASSWORD = 'Hải Phòng thành phố hoa phượng đỏ 2026';

/** The application with its pino logger writing to `logDestination` instead of stdout. */
async function createLoggedApp(databaseUrl: string, env: Record<string, string>, logDestination: Writable): Promise<INestApplication> {
  const config = loadConfig({ PHULUC_TICK_SECONDS: '0', DATABASE_URL: databaseUrl, ...env, LOG_LEVEL: 'debug' });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl, clock: fixedClock('2026-12-10T02:00:00Z'), logDestination }), { bufferLogs: true });
  configureApp(app);
  await app.init();
  return app;
}

const csrfIn = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/u.exec(html);
  if (!match) throw new Error(`no CSRF field in:\n${html.slice(0, 400)}`);
  return match[1];
};
const cookieValue = (res: request.Response, name: string): string | undefined =>
  [res.headers['set-cookie']]
    .flat()
    .map(String)
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
    .slice(name.length + 1);

describe('secrets never in the logs', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let work: string;
  let app: INestApplication;
  let db: DataSource;
  let monitor: TestAccount;
  let focal: TestAccount;
  const { destination, lines } = captureLogLines();
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    work = await mkdtemp(path.join(tmpdir(), 'phuluc-secrets-'));
    await fs.cp(path.join(__dirname, '../../workflows'), path.join(work, 'workflows'), { recursive: true });
    const smtpUrl = `smtp://phuluc:${SMTP_PASSWORD}@127.0.0.1:${sink.port}`;
    app = await createLoggedApp(
      database.url,
      {
        SMTP_URL: smtpUrl,
        MAIL_RATE_PER_SECOND: '1000',
        PHULUC_WORKFLOWS_DIR: path.join(work, 'workflows'),
        PHULUC_DATA_DIR: path.join(work, 'data'),
        PHULUC_FILES_DIR: path.join(work, 'files'),
        PUBLIC_URL: 'http://phuluc.haiphong.gov.vn',
      },
      destination,
    );
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-31' });
    db = app.get(DataSource);
    monitor = await createAccount(app, { roles: ['monitor'] });
    const task = await taskId(db, 'V.6', '2026');
    const [{ agency_code: agency }]: { agency_code: string }[] = await db.query(`SELECT agency_code FROM task_instance WHERE id = $1`, [task]);
    focal = await createAccount(app, { focalPointOf: [agency] });
    secrets.password = TEST_PASSWORD;
    secrets['wrong password'] = WRONG_PASSWORD;
    secrets['API token (monitor)'] = monitor.token;
    secrets['API token (focal point)'] = focal.token;
    secrets['SMTP password'] = SMTP_PASSWORD;
    const dbPassword = decodeURIComponent(new URL(database.url).password);
    if (dbPassword) secrets['DATABASE_URL password'] = dbPassword;
    const server = () => request(app.getHttpServer());

    // Sign in with a password (first a wrong one), through the form.
    const agent = request.agent(app.getHttpServer());
    const form = await agent.get('/dang-nhap').expect(200);
    secrets['form token'] = csrfIn(form.text);
    await agent.post('/dang-nhap').type('form').send({ _csrf: csrfIn(form.text), email: focal.email, password: WRONG_PASSWORD, tiep: '/' }).expect(401);
    const signedIn = await agent.post('/dang-nhap').type('form').send({ _csrf: csrfIn(form.text), email: focal.email, password: TEST_PASSWORD, tiep: '/' }).redirects(0).expect(303);
    secrets['session cookie'] = cookieValue(signedIn, 'phuluc_session')!;
    expect(secrets['session cookie']).toBeDefined();

    // The session at work: a page, then the deliverable form (multipart: the CSRF token rides in the URL).
    const page = await agent.get(`/nhiem-vu/${task}`).expect(200);
    secrets['session CSRF token'] = csrfIn(page.text);
    const upload = multipart([
      { name: 'so-lieu-inspections', value: '3' },
      { name: 'files', value: samplePdf(), fileName: 'bao-cao.pdf', type: 'application/pdf' },
    ]);
    const submitted = await agent.post(`/nhiem-vu/${task}/nop?_csrf=${encodeURIComponent(secrets['session CSRF token'])}`).set('Content-Type', upload.contentType).send(upload.body).redirects(0);
    expect(submitted.status).toBeLessThan(400);

    // API tokens: used, and a new one made and used.
    await server().get('/api/me').set('Authorization', `Bearer ${monitor.token}`).expect(200);
    const made = await server().post('/api/tokens').set('Authorization', `Bearer ${monitor.token}`).send({ name: 'Hệ thống báo cáo' }).expect(201);
    secrets['new API token'] = made.body.token;
    await server().get('/api/instances?limit=1').set('Authorization', `Bearer ${made.body.token}`).expect(200);
    await server().get('/api/me').set('Authorization', `Bearer ${made.body.token}x`).expect(401);
    // An account made without a password: the generated one is shown once, to the admin only.
    const admin = await createAccount(app, { roles: ['admin'] });
    const created = await server().post('/api/users').set('Authorization', `Bearer ${admin.token}`).send({ email: 'moi@haiphong.gov.vn', name: 'Người mới' }).expect(201);
    secrets['generated password'] = created.body.generatedPassword;

    // A password reset through the e-mailed link.
    const someone = request.agent(app.getHttpServer());
    const forgot = await someone.get('/quen-mat-khau').expect(200);
    await someone.post('/quen-mat-khau').type('form').send({ _csrf: csrfIn(forgot.text), email: monitor.email }).expect(200);
    const [reset]: { view: { link: string } }[] = await db.query(`SELECT view FROM outbox_message WHERE template = 'password-reset'`);
    const link = new URL(reset.view.link);
    secrets['reset token'] = link.searchParams.get('ma')!;
    const resetPage = await someone.get(`${link.pathname}${link.search}`).expect(200);
    await someone.post('/dat-lai-mat-khau').type('form').send({ _csrf: csrfIn(resetPage.text), ma: secrets['reset token'], password: NEW_PASSWORD, confirm: NEW_PASSWORD }).redirects(0).expect(303);
    secrets['new password'] = NEW_PASSWORD;

    // A calendar feed: made, then polled by its secret address (and a wrong one).
    const feed = await server().post('/api/calendar-feeds').set('Authorization', `Bearer ${monitor.token}`).send({}).expect(201);
    const feedPath = new URL(feed.body.url).pathname;
    secrets['feed secret'] = /^\/lich\/([^/]+)\.ics$/u.exec(feedPath)![1];
    await server().get(feedPath).expect(200);
    await server().get(feedPath.replace('/lich/', '/Lich/'));
    await server().get(`/lich/${secrets['feed secret'].slice(0, -2)}xy.ics`).expect(404);

    // The mails go out through the SMTP server that needs the password; a tick runs.
    await app.get(OutboxService).dispatchAll();
    await app.get(TickService).tick();
    // A request carrying its own request id: the capture below checks the request lines are there.
    await server().get('/api/me').set('Authorization', `Bearer ${monitor.token}`).set('X-Request-Id', 'kiem-thu-nhat-ky');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await sink?.stop();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('the logs were captured (requests, at debug level), so that their silence means something', () => {
    expect(lines.length).toBeGreaterThan(10);
    const parsed = lines.map((l) => JSON.parse(l) as { req?: { url?: string }; level: number; msg?: string });
    expect(parsed.some((l) => l.req?.url?.startsWith('/dang-nhap'))).toBe(true);
    expect(parsed.some((l) => l.req?.url?.startsWith('/lich/'))).toBe(true);
    expect(parsed.some((l) => l.req?.url?.startsWith('/dat-lai-mat-khau'))).toBe(true);
    expect(lines.some((l) => l.includes('kiem-thu-nhat-ky'))).toBe(true);
    // The application's own lines (Nest's Logger), not only the request lines: the wrong password
    // and the refused token were logged, bound to their requests.
    expect(parsed.filter((l) => l.msg === 'sign-in failed' || l.msg === 'API token refused').map((l) => [l.msg, l.req?.url])).toEqual([
      ['sign-in failed', '/dang-nhap'],
      ['API token refused', '/api/me'],
    ]);
    // The outbox did speak to the SMTP server (with its password).
    expect(sink.connections()).toBeGreaterThan(0);
    expect(Object.values(secrets).every((v) => typeof v === 'string' && v.length >= 8)).toBe(true);
  });

  it('no log line holds a password, a token, a cookie, a secret address or a server password', () => {
    const found: string[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      for (const variant of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
        const line = lines.find((l) => l.includes(variant));
        if (line) found.push(`${name}: ${line.slice(0, 300)}`);
      }
    }
    expect(found).toEqual([]);
  });
});
