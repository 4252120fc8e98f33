import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { ACCESS_MATRIX, PUBLIC_PATH_PREFIXES, routeKey } from '../../src/modules/access/access-matrix';
import { accessMessages } from '../../src/modules/access/access.messages';
import { AccountsService } from '../../src/modules/access/accounts.service';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

type Who = 'anonymous' | 'disabled' | 'viewer' | 'focal-point' | 'head' | 'monitor' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'disabled', 'viewer', 'focal-point', 'head', 'monitor', 'admin'];

/** Sample values for route parameters: real enough to reach the handler, harmless if it acts. */
const PARAMS: Record<string, string> = { code: 'HP-BHXH-2030', plan: 'HP-BHXH-2030', row: 'V.6', year: '2026', file: 'phuluc.css' };

interface Route {
  method: string;
  path: string;
}

function registeredRoutes(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: { route?: { path: string; methods: Record<string, boolean> } }[] = (express.router ?? express._router).stack;
  const routes: Route[] = [];
  for (const layer of stack) {
    // Nest's catch-all that answers 404 for unknown paths is not a route of the product.
    if (!layer.route || layer.route.path === '/{*path}') continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all') continue;
      routes.push({ method: method.toUpperCase(), path: layer.route.path });
    }
  }
  return routes;
}

const isPage = (path: string) => !path.startsWith('/api') && path !== '/health';

/**
 * Every route × every role, against the matrix in src/modules/access/access-matrix.ts: the test
 * fails when a route has no entry (or an entry has no route), when someone the matrix refuses gets
 * through, and when someone it allows is stopped at the door. Then the agency scope: a focal
 * point of one agency cannot see another agency's tasks, files or figures.
 */
describe('access control: the route × role matrix', () => {
  let database: TestDatabase;
  let app: INestApplication;
  const as: Partial<Record<Who, TestAccount>> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z') });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    as.viewer = await createAccount(app, { roles: ['viewer'] });
    as['focal-point'] = await createAccount(app, { focalPointOf: ['SKHCN'] });
    as.head = await createAccount(app, { headOf: ['SKHCN'] });
    as.monitor = await createAccount(app, { roles: ['monitor'] });
    as.admin = await createAccount(app, { roles: ['admin'] });
    as.disabled = await createAccount(app, { roles: ['admin'], focalPointOf: ['SKHCN'] });
    await app.get(AccountsService).setDisabled(as.disabled.id, true);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('has exactly one entry for every registered route', () => {
    const keys = registeredRoutes(app)
      .filter((r) => !PUBLIC_PATH_PREFIXES.some((prefix) => r.path.startsWith(prefix)))
      .map((r) => routeKey(r.method, r.path));
    const missing = keys.filter((k) => !(k in ACCESS_MATRIX));
    const stale = Object.keys(ACCESS_MATRIX).filter((k) => !keys.includes(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('refuses whom the matrix refuses and lets in whom it allows, for every route and role', async () => {
    const problems: string[] = [];
    for (const { method, path } of registeredRoutes(app)) {
      if (PUBLIC_PATH_PREFIXES.some((prefix) => path.startsWith(prefix))) continue;
      const rule = ACCESS_MATRIX[routeKey(method, path)];
      const url = path.replace(/:(\w+)/gu, (_m, name: string) => PARAMS[name] ?? randomUUID());
      for (const who of EVERYONE) {
        let call = request(app.getHttpServer())[method.toLowerCase() as 'get'](url).redirects(0);
        const account = who === 'anonymous' ? undefined : as[who];
        if (account) call = call.set('Authorization', `Bearer ${account.token}`);
        const res = await call.set('Accept', isPage(path) ? 'text/html' : 'application/json');
        const signedOut = who === 'anonymous' || who === 'disabled';
        const allowed =
          rule === 'public' ||
          (!signedOut && rule === 'signed-in') ||
          (!signedOut && Array.isArray(rule) && rule.includes(who as never));
        const refusedAtDoor =
          res.status === 401 ||
          (res.status === 303 && String(res.headers.location).startsWith('/dang-nhap?tiep=')) ||
          (res.status === 403 && (res.text.includes(accessMessages.forbidden) || res.text.includes(accessMessages.signinRequired)));
        if (allowed && refusedAtDoor) problems.push(`${method} ${path} as ${who}: allowed by the matrix, refused (${res.status})`);
        if (!allowed && !refusedAtDoor) problems.push(`${method} ${path} as ${who}: refused by the matrix, got ${res.status}`);
        if (!allowed && signedOut) {
          const expected = isPage(path) && method === 'GET' ? 303 : 401;
          if (res.status !== expected) problems.push(`${method} ${path} as ${who}: expected ${expected}, got ${res.status}`);
        }
        if (!allowed && !signedOut && res.status !== 403) problems.push(`${method} ${path} as ${who}: expected 403, got ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps a focal point inside its agency: another agency’s tasks, files and figures are not found', async () => {
    const db = app.get(DataSource);
    const [other]: { id: string }[] = await db.query(
      `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = 'V.6' AND t.period_key = '2026' AND t.agency_code = 'TTTP'`,
    );
    const tttp = await createAccount(app, { focalPointOf: ['TTTP'] });
    const sent = await apiAs(app, tttp).post(`/api/instances/${other.id}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').field('figures', '{"inspections": 3}').expect(201);
    await apiAs(app, as.monitor!).post(`/api/instances/${other.id}/review`).send({ decision: 'accept' }).expect(200);

    const skhcn = apiAs(app, as['focal-point']!);
    await skhcn.get(`/api/instances/${other.id}`).expect(404);
    await skhcn.get(`/api/instances/${other.id}/submissions`).expect(404);
    await skhcn.get(sent.body.files[0].url).expect(404);
    await skhcn.post(`/api/instances/${other.id}/submissions`).attach('files', samplePdf(), 'x.pdf').expect(404);
    await skhcn.put(`/api/submissions/${sent.body.id}/figures`).send({ figures: { inspections: 99 } }).expect(404);
    await skhcn.get(`/nhiem-vu/${other.id}`).set('Accept', 'text/html').expect(404);
    const list = await skhcn.get('/api/instances?limit=500').expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(list.body.items.every((i: { agency: { code: string } }) => i.agency.code === 'SKHCN')).toBe(true);
    const figures = await skhcn.get('/api/plans/HP-BHXH-2030/rows/V.6/figures?period=2026').expect(200);
    expect(figures.body.periods).toEqual([]);
    const audit = await skhcn.get(`/api/audit?instance=${other.id}`).expect(200);
    expect(audit.body.total).toBe(0);

    // The head of TTTP reads its agency's record; the viewer reads everything; neither acts.
    const head = await createAccount(app, { headOf: ['TTTP'] });
    await apiAs(app, head).get(`/api/instances/${other.id}/submissions`).expect(200);
    await apiAs(app, head).get(sent.body.files[0].url).expect(200);
    await apiAs(app, head).post(`/api/instances/${other.id}/submissions`).attach('files', samplePdf(), 'x.pdf').expect(403);
    await apiAs(app, as.viewer!).get(sent.body.files[0].url).expect(200);
    await apiAs(app, as.viewer!).post(`/api/instances/${other.id}/reopen`).send({ reason: 'Thử' }).expect(403);
  });
});
