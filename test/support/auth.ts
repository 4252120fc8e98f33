import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AccountRole } from '../../src/common/acting-user';
import { AccountsService } from '../../src/modules/access/accounts.service';
import { TokensService } from '../../src/modules/access/tokens.service';

export interface TestAccount {
  id: string;
  email: string;
  /** The acting user id recorded in audit entries: 'user:<uuid>'. */
  actor: string;
  token: string;
  password: string;
}

export const TEST_PASSWORD = 'một câu mật khẩu đủ dài cho kiểm thử';

/** Creates an account with the given roles (real argon2id hash, real API token). */
export async function createAccount(
  app: INestApplication,
  spec: { email?: string; name?: string; roles?: AccountRole[]; focalPointOf?: string[]; headOf?: string[] } = {},
): Promise<TestAccount> {
  const email = spec.email ?? `kiem-thu-${randomUUID().slice(0, 8)}@phuluc.test`;
  const { account } = await app.get(AccountsService).upsert({
    email,
    name: spec.name ?? 'Người kiểm thử',
    roles: spec.roles ?? [],
    focalPointOf: spec.focalPointOf,
    headOf: spec.headOf,
    password: TEST_PASSWORD,
  });
  const { token } = await app.get(TokensService).create(account.id, 'kiểm thử');
  return { id: account.id, email, actor: `user:${account.id}`, token, password: TEST_PASSWORD };
}

/** An officer of Sở Nội vụ who is also focal point of every city agency (acts on any city task). */
export async function createCityOfficer(app: INestApplication): Promise<TestAccount> {
  const cityAgencies: { code: string }[] = await app.get(DataSource).query(`SELECT code FROM agency WHERE level = 'city'`);
  return createAccount(app, { roles: ['monitor'], focalPointOf: cityAgencies.map((a) => a.code) });
}

/** A supertest agent that sends `Authorization: Bearer <token>` with every request. */
export function apiAs(app: INestApplication, account: { token: string }) {
  return request.agent(app.getHttpServer()).set('Authorization', `Bearer ${account.token}`);
}
