import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const CACHE_SECONDS = 2;

/**
 * API tokens resolved a moment ago are reused (PHULUC_TOKEN_CACHE_SECONDS): what it saves, and
 * that a change made through this process takes effect at once while one made elsewhere (here:
 * in SQL, as another process or the command line would) waits at most the cache's lifetime.
 */
describe('the API token cache', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let admin: TestAccount;
  let lookups = 0;
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { env: { PHULUC_TOKEN_CACHE_SECONDS: String(CACHE_SECONDS) } });
    await app.get(DefinitionsService).load();
    db = app.get(DataSource);
    admin = await createAccount(app, { roles: ['admin'] });
    const realQuery = db.query.bind(db);
    spy = jest.spyOn(db, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
      if (/FROM api_token t\s+WHERE t\.token_hash/.test(sql)) lookups++;
      return realQuery(sql, ...(rest as []));
    });
  });
  afterAll(async () => {
    spy?.mockRestore();
    await app?.close();
    await database?.drop();
  });

  const me = (account: { token: string }) => apiAs(app, account).get('/api/me');

  it('twenty calls in a row cost one lookup; an unknown token is looked up every time and refused', async () => {
    const focal = await createAccount(app, { focalPointOf: ['SKHCN'] });
    lookups = 0;
    for (let i = 0; i < 20; i++) expect((await me(focal).expect(200)).body.focalPointOf).toEqual(['SKHCN']);
    expect(lookups).toBe(1);
    lookups = 0;
    for (let i = 0; i < 3; i++) await me({ token: 'phuluc_khong-co-ma-nay-trong-co-so-du-lieu-0000000' }).expect(401);
    expect(lookups).toBe(3);
  });

  it('a token revoked, an account disabled, roles or agencies changed through this process: at once', async () => {
    const focal = await createAccount(app, { focalPointOf: ['SKHCN'] });
    const created = await apiAs(app, focal).post('/api/tokens').send({ name: 'Tập lệnh' }).expect(201);
    const script = { token: created.body.token as string };
    await me(script).expect(200);
    await apiAs(app, focal).delete(`/api/tokens/${created.body.id}`).expect(204);
    await me(script).expect(401);

    // Roles: from focal point to admin and back, seen by the next call.
    await apiAs(app, focal).get('/api/users').expect(403);
    await apiAs(app, admin).put(`/api/users/${focal.id}/roles`).send({ roles: ['admin'], focalPointOf: ['SKHCN'], headOf: [] }).expect(200);
    await apiAs(app, focal).get('/api/users').expect(200);
    await apiAs(app, admin).put(`/api/users/${focal.id}/roles`).send({ roles: [], focalPointOf: ['SKHCN'], headOf: [] }).expect(200);
    await apiAs(app, focal).get('/api/users').expect(403);

    // Agencies, through the directory: the new agency is in reach at once.
    const added = await apiAs(app, admin).post('/api/people').send({ agency: 'STC', role: 'focal-point', email: focal.email }).expect(201);
    expect((await me(focal).expect(200)).body.focalPointOf).toEqual(['SKHCN', 'STC']);
    await apiAs(app, admin).delete(`/api/people/${added.body.person.id}`).expect(200);
    expect((await me(focal).expect(200)).body.focalPointOf).toEqual(['SKHCN']);

    await apiAs(app, admin).post(`/api/users/${focal.id}/disable`).expect(200);
    await me(focal).expect(401);
  });

  it(`a change made elsewhere is seen within ${CACHE_SECONDS} s, not later`, async () => {
    const focal = await createAccount(app, { focalPointOf: ['SKHCN'] });
    await me(focal).expect(200);
    const revokedAt = performance.now();
    await db.query(`UPDATE api_token SET revoked_at = now() WHERE user_id = $1`, [focal.id]);
    // The cost of the cache: this process still knows the token for the rest of its lifetime.
    await me(focal).expect(200);
    expect(performance.now() - revokedAt).toBeLessThan(CACHE_SECONDS * 1000);
    await new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 100));
    await me(focal).expect(401);
  });
});
