import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { PeopleService } from '../../src/modules/agencies/people.service';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { OutboxService } from '../../src/modules/reminders/outbox.service';
import { ReminderPlanningService } from '../../src/modules/reminders/reminder-planning.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { TasksService } from '../../src/modules/tasks/tasks.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The outbox around the edges: withdrawn reminders, an SMTP server refusing our credentials, requeue. */
describe('outbox', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let admin: TestAccount;
  let smtp: SMTPServer;
  let db: DataSource;
  const authAttempts: string[] = [];
  const now = new Date('2026-12-10T08:00:00+07:00');
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    // A relay that requires sign-in and refuses the credentials it is given.
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      disableReverseLookup: true,
      logger: false,
      onAuth(auth, _session, callback) {
        authAttempts.push(auth.username ?? '');
        callback(new Error('Invalid username or password'));
      },
      onData(stream, _session, done) {
        stream.resume();
        stream.on('end', () => done());
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    database = await createTestDatabase();
    app = await createTestApp(database.url, {
      clock,
      env: {
        SMTP_URL: `smtp://phuluc:sai-mat-khau@127.0.0.1:${port}`,
        MAIL_RATE_PER_SECOND: '1000',
      },
    });
    admin = await createAccount(app, { roles: ['admin', 'monitor'] });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    await app.get(PeopleService).add({ agency: 'BHXH', role: 'focal-point', email: 'dau.moi@bhxh.haiphong.gov.vn' });
    await app.get(PeopleService).add({ agency: 'SNV', role: 'focal-point', email: 'theo.doi@snv.haiphong.gov.vn' });
    db = app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('pauses sending when the SMTP server refuses our credentials, without spending attempts', async () => {
    const planned = await app.get(ReminderPlanningService).plan(now);
    expect(planned.messages).toBe(2); // one digest for each of the two focal points
    const first = await app.get(OutboxService).dispatchAll();
    expect(first).toMatchObject({ sent: 0, dead: 0, paused: true });
    expect(authAttempts.length).toBeGreaterThan(0);
    const messages = await db.query(`SELECT state, attempts FROM outbox_message ORDER BY to_email`);
    expect(messages).toEqual([
      { state: 'pending', attempts: 0 },
      { state: 'pending', attempts: 0 },
    ]);
    const [control] = await db.query(`SELECT paused_until > now() + interval '4 minutes' AS paused, paused_reason FROM mail_control`);
    expect(control.paused).toBe(true);
    expect(control.paused_reason).toMatch(/Invalid username or password/);
    const [{ outcome }] = await db.query(`SELECT outcome FROM outbox_attempt LIMIT 1`);
    expect(outcome).toBe('paused');

    const tries = authAttempts.length;
    const second = await app.get(OutboxService).dispatchAll();
    expect(second).toMatchObject({ claimed: 0, paused: true });
    expect(authAttempts.length).toBe(tries);
  });

  it('withdraws a waiting reminder once every task it is about has been submitted', async () => {
    await db.query(`UPDATE mail_control SET paused_until = NULL`);
    const [digest] = await db.query(`SELECT id FROM outbox_message WHERE to_email = 'dau.moi@bhxh.haiphong.gov.vn'`);
    const instances: { instance_id: string }[] = await db.query(`SELECT instance_id FROM outbox_item WHERE message_id = $1`, [digest.id]);
    expect(instances.length).toBeGreaterThan(1);
    for (const { instance_id } of instances) {
      await app.get(TasksService).applyEvent(instance_id, {
        type: 'submit',
        actor: { id: 'dau.moi@bhxh.haiphong.gov.vn', role: 'focal-point' },
        at: '2026-12-10T02:00:00Z',
      });
    }
    // Pause again so the other message stays put; withdrawal happens before any claim.
    await db.query(`UPDATE mail_control SET paused_until = now() + interval '1 hour'`);
    const result = await app.get(OutboxService).dispatchAll();
    expect(result.withdrawn).toBe(1);
    const [row] = await db.query(`SELECT state FROM outbox_message WHERE id = $1`, [digest.id]);
    expect(row.state).toBe('cancelled');
  });

  it('GET /api/outbox shows messages with their attempts; a dead message can be requeued, a sent one cannot', async () => {
    const http = apiAs(app, admin);
    const pending = await http.get('/api/outbox?state=pending').expect(200);
    expect(pending.body.total).toBe(1);
    const id = pending.body.items[0].id;
    expect(pending.body.items[0]).toMatchObject({ to: 'theo.doi@snv.haiphong.gov.vn', template: 'digest', state: 'pending' });
    const one = await http.get(`/api/outbox/${id}`).expect(200);
    expect(one.body.history).toEqual([expect.objectContaining({ outcome: 'paused', attempt: 1, smtpCode: 535 })]);

    await db.query(`UPDATE outbox_message SET state = 'dead', dead_at = now(), attempts = 1, last_error = '550 mailbox unavailable' WHERE id = $1`, [id]);
    const requeued = await http.post(`/api/outbox/${id}/requeue`).expect(201);
    expect(requeued.body).toMatchObject({ state: 'pending', attempts: 0 });
    await db.query(`UPDATE outbox_message SET state = 'sent', sent_at = now() WHERE id = $1`, [id]);
    const refused = await http.post(`/api/outbox/${id}/requeue`).expect(409);
    expect(refused.body.error.message).toContain('chỉ gửi lại được thư đã hỏng');
    await http.get('/api/outbox?state=lost').expect(400);
  });
});
