import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SMTPServer } from 'smtp-server';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { PeopleService } from '../../src/modules/agencies/people.service';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { addDays } from '../../src/modules/scheduling/domain/local-date';
import { TickService } from '../../src/modules/reminders/tick.service';
import { TasksService } from '../../src/modules/tasks/tasks.service';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface Received {
  to: string[];
  messageId: string;
  subject: string;
  instances: string;
  steps: string;
}

/** A simulated year of the Hải Phòng plan: one tick at 08:00 every day of 2026, a real SMTP server. */
describe('reminders through a simulated year', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let smtp: SMTPServer;
  const received: Received[] = [];
  let current = new Date('2026-01-01T01:00:00Z');
  const clock: Clock = { now: () => new Date(current) };
  let db: DataSource;

  const header = (raw: string, name: string) => {
    const match = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw);
    return match ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : '';
  };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, done) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            messageId: header(raw, 'Message-ID'),
            subject: header(raw, 'Subject'),
            instances: header(raw, 'X-Phuluc-Instance'),
            steps: header(raw, 'X-Phuluc-Step'),
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;

    database = await createTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'phuluc <phuluc@snv.haiphong.gov.vn>',
      MAIL_RATE_PER_SECOND: '1000',
      PUBLIC_URL: 'https://phuluc.haiphong.gov.vn',
      PHULUC_TICK_SECONDS: '0',
    });
    app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: database.url, clock }), { logger: false });
    await app.get(DefinitionsService).load();
    const people = app.get(PeopleService);
    await people.add({ agency: 'BHXH', role: 'focal-point', email: 'dau.moi.1@bhxh.haiphong.gov.vn', name: 'Nguyễn Thị Một' });
    await people.add({ agency: 'BHXH', role: 'focal-point', email: 'dau.moi.2@bhxh.haiphong.gov.vn' });
    await people.add({ agency: 'BHXH', role: 'head', email: 'giam.doc@bhxh.haiphong.gov.vn', name: 'Trần Văn Giám' });
    await people.add({ agency: 'SNV', role: 'focal-point', email: 'theo.doi@snv.haiphong.gov.vn', name: 'Lê Thị Theo' });
    db = app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const instanceOf = async (key: string, period: string, agency: string): Promise<string> => {
    const [row] = await db.query(
      `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = $1 AND t.period_key = $2 AND t.agency_code = $3`,
      [key, period, agency],
    );
    return row.id;
  };

  const itemsOf = async (instance: string) =>
    db.query(
      `SELECT i.step, i.recipient, to_char(i.send_on, 'YYYY-MM-DD') AS send_on, m.state, m.cc
         FROM outbox_item i JOIN outbox_message m ON m.id = i.message_id WHERE i.instance_id = $1
        ORDER BY i.send_on, i.step, i.recipient`,
      [instance],
    );

  it('sends each step of the ladder once, to the right people, and stops after submission', async () => {
    const tick = app.get(TickService);
    const tasks = app.get(TasksService);
    let submitted = false;
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
      current = new Date(`${day}T08:00:00+07:00`);
      if (day === '2026-12-09' && !submitted) {
        // BHXH sends V.3's 2026 report on 09/12: its reminders stop there.
        await tasks.applyEvent(await instanceOf('V.3', '2026', 'BHXH'), {
          type: 'submit',
          actor: { id: 'dau.moi.1@bhxh.haiphong.gov.vn', role: 'focal-point' },
          at: current.toISOString(),
        });
        submitted = true;
      }
      await tick.tick();
      if (day === '2026-12-16') {
        // A repeated tick at the same instant adds nothing and sends nothing.
        const before = received.length;
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox_item`);
        const again = await tick.tick();
        expect(again.planning.messages).toBe(0);
        const [{ n: after }] = await db.query(`SELECT count(*)::int AS n FROM outbox_item`);
        expect(after).toBe(n);
        expect(received.length).toBe(before);
      }
    }

    // V.1 2026, led by BHXH, due Tuesday 15/12/2026 (the plan's yearly due day):
    // 10 and 3 working days before, the day, then 1, 5 and 10 working days late.
    const v1 = await itemsOf(await instanceOf('V.1', '2026', 'BHXH'));
    expect(v1.map((i: { step: string; recipient: string; send_on: string; state: string }) => [i.send_on, i.step, i.recipient, i.state])).toEqual([
      ['2026-12-01', 'before-10', 'dau.moi.1@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-01', 'before-10', 'dau.moi.2@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-10', 'before-3', 'dau.moi.1@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-10', 'before-3', 'dau.moi.2@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-15', 'due', 'dau.moi.1@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-15', 'due', 'dau.moi.2@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-16', 'late-1', 'dau.moi.1@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-16', 'late-1', 'dau.moi.2@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-22', 'late-5', 'giam.doc@bhxh.haiphong.gov.vn', 'sent'],
      ['2026-12-29', 'late-10', 'theo.doi@snv.haiphong.gov.vn', 'sent'],
    ]);
    // One working day late the head is in copy; ten days late Sở Nội vụ hears, the head in copy.
    expect(v1.find((i: { step: string }) => i.step === 'late-1').cc).toEqual([{ email: 'giam.doc@bhxh.haiphong.gov.vn', name: 'Trần Văn Giám' }]);
    expect(v1.find((i: { step: string }) => i.step === 'late-10').cc).toEqual([{ email: 'giam.doc@bhxh.haiphong.gov.vn', name: 'Trần Văn Giám' }]);

    // V.3 2026 was submitted on 09/12: only the reminder before it.
    const v3 = await itemsOf(await instanceOf('V.3', '2026', 'BHXH'));
    expect([...new Set(v3.map((i: { step: string }) => i.step))]).toEqual(['before-10']);

    // Every message of the outbox reached the SMTP server once, in Vietnamese.
    const [{ sent, total }] = await db.query(`SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*)::int AS total FROM outbox_message`);
    expect(sent).toBe(total);
    const ids = received.map((r) => r.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
    const escalation = received.find((r) => r.to.includes('theo.doi@snv.haiphong.gov.vn') && r.steps.includes('late-10'));
    expect(escalation?.subject).toMatch(/^=\?UTF-8\?/);
    // No reminder was ever sent on a weekend or a public holiday.
    const [{ off }] = await db.query(`SELECT count(*)::int AS off FROM outbox_item WHERE extract(isodow FROM send_on) >= 6 OR send_on IN ('2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02')`);
    expect(off).toBe(0);
  }, 300_000);
});
