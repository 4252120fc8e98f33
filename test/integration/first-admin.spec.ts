import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/access/accounts.service';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Several processes starting at once on an empty database: one first admin, no process fails. */
describe('the first admin, made by processes starting together', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('eight concurrent starts make exactly one admin and none throws', async () => {
    const db = app.get(DataSource);
    await db.query(`DELETE FROM user_account`);
    const accounts = app.get(AccountsService);
    const results = await Promise.all(Array.from({ length: 8 }, () => accounts.ensureFirstAdmin('quan-tri@snv.haiphong.gov.vn', 'một mật khẩu quản trị đủ dài để thử')));
    expect(results.filter((r) => r !== undefined)).toEqual([{ email: 'quan-tri@snv.haiphong.gov.vn' }]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM user_account`);
    expect(n).toBe(1);
  });
});
