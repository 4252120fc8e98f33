import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { AccountsService } from '../../src/modules/access/accounts.service';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, TEST_PASSWORD, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const csrfIn = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/u.exec(html);
  if (!match) throw new Error(`no CSRF field in:\n${html.slice(0, 400)}`);
  return match[1];
};

/**
 * Sign-in through the pages with a real browser's manners (cookies kept by a supertest agent):
 * sessions in PostgreSQL with idle and absolute timeouts, CSRF on every state-changing form,
 * throttled failures that cannot lock a person out from elsewhere, password reset by e-mail, API
 * tokens, and the links of reminder e-mails that lead back to the task after signing in. (The
 * agent speaks plain HTTP, so PUBLIC_URL is http here; one test checks the Secure cookies of https.)
 */
describe('sign-in, sessions, CSRF, throttling, password reset, API tokens', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let focal: TestAccount;
  let taskId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PHULUC_TRUST_PROXY: 'loopback', PUBLIC_URL: 'http://phuluc.haiphong.gov.vn' } });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    db = app.get(DataSource);
    focal = await createAccount(app, { email: 'dau-moi@skhcn.haiphong.gov.vn', name: 'Trần Thị Hoa', focalPointOf: ['SKHCN'] });
    [{ id: taskId }] = await db.query(
      `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = 'III.6' AND t.period_key = '2026' AND t.agency_code = 'SKHCN'`,
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Signs in through the form from `ip`; returns the agent (holding the cookie) and the answer. */
  async function signIn(email: string, password: string, options: { ip?: string; next?: string } = {}) {
    const agent = request.agent(app.getHttpServer());
    const ip = options.ip ?? '203.0.113.10';
    const form = await agent.get(`/dang-nhap${options.next ? `?tiep=${encodeURIComponent(options.next)}` : ''}`).set('X-Forwarded-For', ip).expect(200);
    const res = await agent
      .post('/dang-nhap')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: csrfIn(form.text), email, password, tiep: options.next ?? '/' })
      .redirects(0);
    return { agent, res };
  }

  it('a reminder link leads to sign-in and straight back to the task; the cookie is HttpOnly, SameSite, Secure behind https', async () => {
    const anonymous = await request(app.getHttpServer()).get(`/nhiem-vu/${taskId}`).redirects(0).expect(303);
    expect(anonymous.headers.location).toBe(`/dang-nhap?tiep=${encodeURIComponent(`/nhiem-vu/${taskId}`)}`);
    const { agent, res } = await signIn(focal.email, TEST_PASSWORD, { next: `/nhiem-vu/${taskId}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/nhiem-vu/${taskId}`);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('phuluc_session='))!;
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Lax/u);
    expect(cookie).not.toMatch(/Secure/u);
    const page = await agent.get(`/nhiem-vu/${taskId}`).expect(200);
    expect(page.text).toContain('Kế hoạch');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // An open redirect is not possible.
    const evil = await signIn(focal.email, TEST_PASSWORD, { next: '//evil.example/phish' });
    expect(evil.res.headers.location).toBe('/');

    // Behind TLS (PUBLIC_URL https://…) the cookies are Secure: a second process on the same database.
    const tls = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PUBLIC_URL: 'https://phuluc.haiphong.gov.vn' } });
    try {
      const form = await request(tls.getHttpServer()).get('/dang-nhap').expect(200);
      const formCookie = (form.headers['set-cookie'] as unknown as string[])[0];
      expect(formCookie).toMatch(/Secure/u);
      const signedIn = await request(tls.getHttpServer())
        .post('/dang-nhap')
        .set('Cookie', formCookie.split(';')[0])
        .type('form')
        .send({ _csrf: csrfIn(form.text), email: focal.email, password: TEST_PASSWORD, tiep: '/' })
        .redirects(0)
        .expect(303);
      expect((signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('phuluc_session='))).toMatch(/; Secure/u);
    } finally {
      await tls.close();
    }
  });

  it('refuses a wrong password with a message beside the field, keeping the e-mail typed', async () => {
    const { res } = await signIn(focal.email, 'sai mật khẩu rồi', { ip: '203.0.113.20' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('E-mail hoặc mật khẩu không đúng.');
    expect(res.text).toContain(`value="${focal.email}"`);
    expect(res.text).toContain('aria-invalid="true"');
    // Unknown e-mail: the same answer.
    const unknown = await signIn('khong-ton-tai@haiphong.gov.vn', 'sai mật khẩu rồi', { ip: '203.0.113.20' });
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.text).toContain('E-mail hoặc mật khẩu không đúng.');
  });

  it('state-changing forms need the session’s CSRF token; logout ends the session at once', async () => {
    const { agent } = await signIn(focal.email, TEST_PASSWORD);
    const page = await agent.get('/nhiem-vu-cua-toi').expect(200);
    await agent.post('/dang-xuat').type('form').send({}).redirects(0).expect(403);
    await agent.post('/dang-xuat').type('form').send({ _csrf: 'doan-bua' }).redirects(0).expect(403);
    // A form posted from another site has no token: the sign-in form too (double-submit cookie).
    await request(app.getHttpServer()).post('/dang-nhap').type('form').send({ email: focal.email, password: TEST_PASSWORD }).redirects(0).expect(403);
    const out = await agent.post('/dang-xuat').type('form').send({ _csrf: csrfIn(page.text) }).redirects(0).expect(303);
    expect(out.headers.location).toBe('/dang-nhap?da=signedOut');
    await agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);
  });

  it('ends sessions after the idle time, after the absolute time, and when the account is disabled', async () => {
    const idle = await signIn(focal.email, TEST_PASSWORD);
    await idle.agent.get('/nhiem-vu-cua-toi').expect(200);
    await db.query(`UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [focal.id]);
    await idle.agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);

    const long = await signIn(focal.email, TEST_PASSWORD);
    await db.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [focal.id]);
    await long.agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);

    const other = await createAccount(app, { focalPointOf: ['SKHCN'] });
    const live = await signIn(other.email, TEST_PASSWORD);
    await live.agent.get('/nhiem-vu-cua-toi').expect(200);
    await app.get(AccountsService).setDisabled(other.id, true);
    await live.agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);
    await apiAs(app, other).get('/api/me').expect(401);
    const again = await signIn(other.email, TEST_PASSWORD);
    expect(again.res.status).toBe(401);
  });

  it('throttles repeated failures per e-mail and address, without locking the person out from elsewhere', async () => {
    const victim = await createAccount(app, { focalPointOf: ['SKHCN'] });
    for (let i = 0; i < 5; i++) expect((await signIn(victim.email, `đoán mò số ${i}`, { ip: '198.51.100.7' })).res.status).toBe(401);
    const blocked = await signIn(victim.email, TEST_PASSWORD, { ip: '198.51.100.7' });
    expect(blocked.res.status).toBe(429);
    expect(blocked.res.text).toContain('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.');
    expect(Number(blocked.res.headers['retry-after'])).toBeGreaterThan(800);
    // The person, from the office: signs in.
    expect((await signIn(victim.email, TEST_PASSWORD, { ip: '203.0.113.99' })).res.status).toBe(303);
    const [{ failures }] = await db.query(`SELECT count(*) FILTER (WHERE NOT succeeded)::int AS failures FROM signin_attempt WHERE email = $1`, [victim.email]);
    expect(failures).toBe(5);
  });

  it('resets a password through a one-time e-mailed link; common passwords are refused; old sessions end', async () => {
    const person = await createAccount(app, { name: 'Lê Văn Nam', focalPointOf: ['TTTP'] });
    const before = await signIn(person.email, TEST_PASSWORD);
    await before.agent.get('/nhiem-vu-cua-toi').expect(200);

    const agent = request.agent(app.getHttpServer());
    const form = await agent.get('/quen-mat-khau').expect(200);
    const sent = await agent.post('/quen-mat-khau').type('form').send({ _csrf: csrfIn(form.text), email: person.email }).expect(200);
    expect(sent.text).toContain('một thư kèm liên kết đặt lại mật khẩu đã được gửi');
    // The same answer for an unknown address, and no mail.
    const unknown = await agent.post('/quen-mat-khau').type('form').send({ _csrf: csrfIn(form.text), email: 'ai-do@example.vn' }).expect(200);
    expect(unknown.text).toContain('một thư kèm liên kết đặt lại mật khẩu đã được gửi');
    const mails = await db.query(`SELECT to_email, view FROM outbox_message WHERE template = 'password-reset'`);
    expect(mails.map((m: { to_email: string }) => m.to_email)).toEqual([person.email]);
    const link = new URL(mails[0].view.link as string);
    expect(link.origin).toBe('http://phuluc.haiphong.gov.vn');
    expect(mails[0].view.recipientName).toBe('Lê Văn Nam');

    const page = await agent.get(`${link.pathname}${link.search}`).expect(200);
    const token = link.searchParams.get('ma')!;
    const weak = await agent.post('/dat-lai-mat-khau').type('form').send({ _csrf: csrfIn(page.text), ma: token, password: 'matkhau123', confirm: 'matkhau123' }).expect(400);
    expect(weak.text).toContain('Mật khẩu này quá phổ biến');
    const short = await agent.post('/dat-lai-mat-khau').type('form').send({ _csrf: csrfIn(page.text), ma: token, password: 'ngắn', confirm: 'ngắn' }).expect(400);
    expect(short.text).toContain('Mật khẩu phải có ít nhất 8 ký tự.');
    const differ = await agent.post('/dat-lai-mat-khau').type('form').send({ _csrf: csrfIn(page.text), ma: token, password: 'một mật khẩu mới dài', confirm: 'khác hẳn' }).expect(400);
    expect(differ.text).toContain('Hai lần nhập mật khẩu không giống nhau.');
    const done = await agent
      .post('/dat-lai-mat-khau')
      .type('form')
      .send({ _csrf: csrfIn(page.text), ma: token, password: 'Hải Phòng mùa hoa phượng đỏ', confirm: 'Hải Phòng mùa hoa phượng đỏ' })
      .redirects(0)
      .expect(303);
    expect(done.headers.location).toBe('/dang-nhap?da=passwordChanged');
    await before.agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);
    expect((await signIn(person.email, TEST_PASSWORD)).res.status).toBe(401);
    expect((await signIn(person.email, 'Hải Phòng mùa hoa phượng đỏ')).res.status).toBe(303);
    const reused = await agent.get(`${link.pathname}${link.search}`).expect(400);
    expect(reused.text).toContain('Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn.');
  });

  it('the admin manages accounts and roles in the pages: a generated password shown once, roles edited, an account disabled', async () => {
    const admin = await createAccount(app, { roles: ['admin'] });
    const { agent } = await signIn(admin.email, TEST_PASSWORD);
    const page = await agent.get('/quan-tri/tai-khoan').expect(200);
    expect(page.text).toContain('Tài khoản và vai trò');
    const csrf = csrfIn(page.text);
    const invalid = await agent.post('/quan-tri/tai-khoan').type('form').send({ _csrf: csrf, email: 'khong-hop-le', name: 'Ai đó' }).expect(400);
    expect(invalid.text).toContain('&quot;khong-hop-le&quot; không phải là địa chỉ e-mail hợp lệ.');
    expect(invalid.text).toContain('value="Ai đó"');
    const created = await agent
      .post('/quan-tri/tai-khoan')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&email=dau-moi%40xa-an-lu.haiphong.gov.vn&name=${encodeURIComponent('Vũ Thị Lan')}&focalPointOf=SKHCN&focalPointOf=TTTP&roles=viewer`)
      .expect(201);
    const password = /<code class="secret">([^<]+)<\/code>/u.exec(created.text)![1];
    const [account] = await app.get(AccountsService).list().then((all) => all.filter((a) => a.email === 'dau-moi@xa-an-lu.haiphong.gov.vn'));
    expect(account).toMatchObject({ name: 'Vũ Thị Lan', roles: ['viewer'], focalPointOf: ['SKHCN', 'TTTP'] });
    const newcomer = await signIn(account.email, password);
    expect(newcomer.res.status).toBe(303);
    await newcomer.agent.get('/nhiem-vu-cua-toi').expect(200);

    const edit = await agent.get(`/quan-tri/tai-khoan/${account.id}`).expect(200);
    await agent.post(`/quan-tri/tai-khoan/${account.id}/vai-tro`).type('form').send(`_csrf=${encodeURIComponent(csrfIn(edit.text))}&headOf=SKHCN`).redirects(0).expect(303);
    expect(await app.get(AccountsService).get(account.id)).toMatchObject({ roles: [], focalPointOf: [], headOf: ['SKHCN'] });
    await agent.post(`/quan-tri/tai-khoan/${account.id}/khoa`).type('form').send({ _csrf: csrfIn(edit.text) }).redirects(0).expect(303);
    await newcomer.agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);
    // Only the admin reaches these pages.
    await newcomer.agent.get('/quan-tri/tai-khoan').redirects(0).expect(303);
    const focalAgent = (await signIn(focal.email, TEST_PASSWORD)).agent;
    await focalAgent.get('/quan-tri/tai-khoan').expect(403);
  });

  it('a signed-in person changes the password: the current one asked again, other sessions ended, this one kept', async () => {
    const person = await createAccount(app, { focalPointOf: ['SKHCN'] });
    const elsewhere = await signIn(person.email, TEST_PASSWORD, { ip: '203.0.113.50' });
    const here = await signIn(person.email, TEST_PASSWORD, { ip: '203.0.113.51' });
    const page = await here.agent.get('/doi-mat-khau').expect(200);
    const csrf = csrfIn(page.text);
    const wrong = await here.agent.post('/doi-mat-khau').type('form').send({ _csrf: csrf, current: 'không phải', password: 'câu mật khẩu mới rất dài', confirm: 'câu mật khẩu mới rất dài' }).expect(400);
    expect(wrong.text).toContain('Mật khẩu hiện tại không đúng.');
    const weak = await here.agent.post('/doi-mat-khau').type('form').send({ _csrf: csrf, current: TEST_PASSWORD, password: 'password1', confirm: 'password1' }).expect(400);
    expect(weak.text).toContain('Mật khẩu này quá phổ biến');
    await here.agent.post('/doi-mat-khau').type('form').send({ _csrf: csrf, current: TEST_PASSWORD, password: 'câu mật khẩu mới rất dài', confirm: 'câu mật khẩu mới rất dài' }).redirects(0).expect(303);
    await here.agent.get('/nhiem-vu-cua-toi').expect(200);
    await elsewhere.agent.get('/nhiem-vu-cua-toi').redirects(0).expect(303);
    expect((await signIn(person.email, 'câu mật khẩu mới rất dài', { ip: '203.0.113.52' })).res.status).toBe(303);
  });

  it('API tokens act with their account’s roles, are stored hashed, and stop when revoked', async () => {
    const me = await apiAs(app, focal).get('/api/me').expect(200);
    expect(me.body).toMatchObject({ email: focal.email, focalPointOf: ['SKHCN'], roles: [] });
    const created = await apiAs(app, focal).post('/api/tokens').send({ name: 'Tập lệnh báo cáo' }).expect(201);
    expect(created.body.token).toMatch(/^phuluc_[A-Za-z0-9_-]{43}$/u);
    const [stored] = await db.query(`SELECT token_hash, prefix FROM api_token WHERE id = $1`, [created.body.id]);
    expect(stored.token_hash).not.toContain(created.body.token);
    expect(created.body.token.startsWith(stored.prefix)).toBe(true);
    await apiAs(app, { token: created.body.token }).get('/api/instances?limit=1').expect(200);
    await apiAs(app, { token: created.body.token }).get('/api/users').expect(403);
    await apiAs(app, focal).delete(`/api/tokens/${created.body.id}`).expect(204);
    const revoked = await apiAs(app, { token: created.body.token }).get('/api/me').expect(401);
    expect(revoked.body.error.message).toBe('Mã truy cập API không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.');
    await request(app.getHttpServer()).get('/api/me').expect(401);
  });
});
