'use strict';
/**
 * dispatch.*: end-to-end outbox dispatch — claim (FOR UPDATE SKIP LOCKED + lease), take tokens,
 * render the Handlebars mail, send over SMTP, record the attempt — with the real code path
 * (OutboxDispatcher, SmtpTransport with a pool of 5 and MailTemplates from dist/), against a raw
 * pooled nodemailer loop (pool of 5, as many senders as connections, bodies rendered beforehand)
 * to the same local SMTP server, same number of messages, same run.
 *
 * The outbox holds BENCH_MESSAGES (5,000) due 'due-today' messages, one outbox_item each, on
 * task instances of the Hải Phòng plan (workflows/, generated through 2030). The rate bucket is
 * set out of the way (100,000/s, burst 1,000). The SMTP server is smtp-server in this process,
 * accepting everything. The baseline opens its connections with TCP_NODELAY: the best a pooled
 * nodemailer client does against this server (with nodemailer's default sockets, Nagle's
 * algorithm and the server's delayed ACK cap a connection at ≈ 20 messages/s; the rate of such
 * a loop is printed on stderr as a diagnostic).
 *
 * Records (goal compared with):
 *   dispatch.messages_per_s  messages/s  OutboxDispatcher vs raw pooled nodemailer   ratio >= 0.5
 * Diagnostics on stderr: the default-socket nodemailer rate, claim-and-mark rows/s.
 * Environment: BENCH_MESSAGES, DATABASE_URL (unset: embedded PostgreSQL in a temp folder).
 */
const net = require('node:net');
const path = require('node:path');
const nodemailer = require('nodemailer');
const { SMTPServer } = require('smtp-server');
const { withBenchDatabase } = require('./lib/database');
const { makeRecord, printRecord } = require('./lib/record');

const MESSAGES = Number(process.env.BENCH_MESSAGES || 5000);
const POOL = 5;
const DIAGNOSTIC_MESSAGES = Math.min(MESSAGES, 300);
const MAIL_DOMAIN = 'bench.vn';
const FROM = `phuluc <no-reply@${MAIL_DOMAIN}>`;
const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist', 'src');
const log = (line) => process.stderr.write(`[dispatch] ${line}\n`);
const seconds = (since) => Number(process.hrtime.bigint() - since) / 1e9;
/** CPU seconds this process used since `since` (process.cpuUsage()), user + system. */
const cpuSeconds = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
};

/** A loopback SMTP server that accepts every message and counts them by Message-ID. */
async function startSink() {
  const received = new Map();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 50 * 1024 * 1024,
    maxClients: 1000,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8', 0, 4096);
        const id = (/^Message-ID:\s*(\S+)/im.exec(head) || [])[1] || '';
        received.set(id, (received.get(id) || 0) + 1);
        total++;
        callback(null, 'OK: queued');
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    total: () => total,
    reset() {
      received.clear();
      total = 0;
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The raw baseline: a pooled nodemailer transport, `POOL` senders each awaiting its own message. */
async function rawLoop(port, mails, noDelay) {
  const transporter = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: POOL,
    maxMessages: 100,
    ignoreTLS: true,
    getSocket: noDelay ? (_options, callback) => callback(null, { connection: net.connect({ host: '127.0.0.1', port, noDelay: true }) }) : undefined,
  });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      while (next < mails.length) await transporter.sendMail(mails[next++]);
    }),
  );
  const elapsed = seconds(started);
  transporter.close();
  return elapsed;
}

async function main() {
  const { buildDataSourceOptions } = require(path.join(dist, 'database', 'data-source-options.js'));
  const { readDefinitionSet } = require(path.join(dist, 'modules', 'definitions', 'files', 'read-definition-set.js'));
  const { DefinitionsLoader } = require(path.join(dist, 'modules', 'definitions', 'definitions.loader.js'));
  const { GenerationService } = require(path.join(dist, 'modules', 'scheduling', 'generation.service.js'));
  const { WorkingCalendarProvider } = require(path.join(dist, 'modules', 'scheduling', 'working-calendar.provider.js'));
  const { messageIdFor, SmtpTransport } = require(path.join(dist, 'modules', 'mail', 'mail-transport.js'));
  const { DEFAULT_DISPATCH_SETTINGS, OutboxDispatcher } = require(path.join(dist, 'modules', 'mail', 'outbox-dispatcher.js'));
  const { isMailTemplateName, MailTemplates } = require(path.join(dist, 'modules', 'reminders', 'mail-templates.js'));
  const { DataSource } = require('typeorm');

  let db;
  let sink;
  let transport;
  await withBenchDatabase('dispatch', async ({ url }) => {
    try {
      db = await new DataSource(buildDataSourceOptions(url, { poolSize: 10 })).initialize();

      // Task instances to hang the outbox items on: the Hải Phòng plan through 2030.
      const workflows = path.join(root, 'workflows');
      const { set, problems } = await readDefinitionSet(workflows, workflows, root);
      if (problems.length) throw new Error(`workflows/ has problems: ${JSON.stringify(problems[0])}`);
      await new DefinitionsLoader(db).load(set);
      await new GenerationService(db, new WorkingCalendarProvider(db)).generate({ until: '2031-01-31' });
      const instances = await db.query(
        `SELECT t.id, t.role, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, a.name AS agency_name, p.code AS plan_code,
                p.title AS plan_title, m.name AS monitoring_agency_name, d.key AS row_key, v.task, t.period_label
           FROM task_instance t
           JOIN plan p ON p.id = t.plan_id
           JOIN agency a ON a.code = t.agency_code
           JOIN agency m ON m.code = p.monitoring_agency_code
           JOIN workflow_definition d ON d.id = t.definition_id
           JOIN workflow_definition_version v ON v.id = t.version_id
          ORDER BY t.due_date, t.id`,
      );
      const rows = Array.from({ length: MESSAGES }, (_, i) => {
        const instance = instances[i % instances.length];
        const occurrence = Math.floor(i / instances.length);
        const to = `cb-${i}@${MAIL_DOMAIN}`;
        const key = `${instance.id}:due-today:${occurrence}:${instance.due_date}:${to}`;
        const view = {
          monitoringAgencyName: instance.monitoring_agency_name,
          recipientName: null,
          planCode: instance.plan_code,
          planTitle: instance.plan_title,
          rowKey: instance.row_key,
          task: instance.task,
          periodLabel: instance.period_label,
          agencyName: instance.agency_name,
          role: instance.role,
          dueDate: instance.due_date,
          daysLate: 0,
          link: `http://localhost:3000/nhiem-vu/${instance.id}`,
        };
        return { key, to, view, message_id: messageIdFor(key, MAIL_DOMAIN), instance_id: instance.id, occurrence, ladder_due: instance.due_date };
      });
      const seed = async () => {
        await db.query(`TRUNCATE outbox_attempt, outbox_item, outbox_message`);
        for (let from = 0; from < rows.length; from += 2500) {
          await db.query(
            `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb)
                          AS x(key text, "to" text, view jsonb, message_id text, instance_id uuid, occurrence int, ladder_due date)),
                  m AS (INSERT INTO outbox_message (idempotency_key, template, to_email, view, message_id)
                        SELECT key, 'due-today', "to", view, message_id FROM x RETURNING id, idempotency_key)
             INSERT INTO outbox_item (message_id, instance_id, step, occurrence, ladder_due, recipient, send_on)
             SELECT m.id, x.instance_id, 'due-today', x.occurrence, x.ladder_due, x."to", x.ladder_due
               FROM m JOIN x ON x.key = m.idempotency_key`,
            [JSON.stringify(rows.slice(from, from + 2500))],
          );
        }
        await db.query(`UPDATE mail_control SET tokens = 0, refilled_at = clock_timestamp(), paused_until = NULL`);
        await db.query(`VACUUM ANALYZE outbox_message`);
      };
      await seed();
      log(`${instances.length} task instances; ${MESSAGES} messages in the outbox`);

      const templates = await MailTemplates.load(path.join(root, 'templates', 'mail'));
      const render = (template, view) => {
        if (!isMailTemplateName(template)) throw new Error(`unknown template ${template}`);
        return templates.render(template, view);
      };
      sink = await startSink();

      // The baseline's messages: what the dispatcher sends (same headers), rendered beforehand.
      const mails = rows.map((r) => {
        const rendered = render('due-today', r.view);
        return {
          messageId: r.message_id,
          from: FROM,
          to: r.to,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          headers: {
            'X-Phuluc-Instance': r.instance_id,
            'X-Phuluc-Step': r.occurrence > 0 ? `due-today#${r.occurrence}` : 'due-today',
            'X-Phuluc-Key': r.key,
            'Auto-Submitted': 'auto-generated',
          },
        };
      });
      // Warm-up (not counted), then the diagnostic default-socket loop, then the baseline.
      await rawLoop(sink.port, mails.slice(0, 200), true);
      const defaultSeconds = await rawLoop(sink.port, mails.slice(0, DIAGNOSTIC_MESSAGES), false);
      log(`raw pooled nodemailer, default sockets (Nagle on): ${(DIAGNOSTIC_MESSAGES / defaultSeconds).toFixed(0)} messages/s over ${DIAGNOSTIC_MESSAGES}`);
      sink.reset();
      let cpu = process.cpuUsage();
      const baselineSeconds = await rawLoop(sink.port, mails, true);
      const baselineCpu = cpuSeconds(cpu);
      if (sink.total() !== MESSAGES || sink.received.size !== MESSAGES) throw new Error(`baseline: the server got ${sink.total()} messages, ${sink.received.size} distinct`);
      log(`raw pooled nodemailer, TCP_NODELAY: ${MESSAGES} messages in ${baselineSeconds.toFixed(2)} s (this process: ${baselineCpu.toFixed(2)} CPU s)`);

      // The outbox, end to end.
      sink.reset();
      transport = new SmtpTransport(sink.url, { pool: POOL });
      const settings = { ...DEFAULT_DISPATCH_SETTINGS, from: FROM, ratePerSecond: 100000, burst: 1000 };
      const dispatcher = new OutboxDispatcher(db, transport, render, settings, `bench:${process.pid}`);
      let batches = 0;
      cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (;;) {
        const r = await dispatcher.dispatch();
        if (r.claimed === 0) break;
        batches++;
      }
      const dispatchSeconds = seconds(started);
      const dispatchCpu = cpuSeconds(cpu);
      const [{ sent, left }] = await db.query(
        `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state <> 'sent')::int AS left FROM outbox_message`,
      );
      if (sent !== MESSAGES || left !== 0 || sink.total() !== MESSAGES || sink.received.size !== MESSAGES) {
        throw new Error(`dispatch: ${sent} sent, ${left} not sent; the server got ${sink.total()} messages, ${sink.received.size} distinct`);
      }
      log(`OutboxDispatcher: ${MESSAGES} messages in ${batches} batches of ${settings.batchSize}, ${dispatchSeconds.toFixed(2)} s (this process: ${dispatchCpu.toFixed(2)} CPU s)`);

      // Diagnostic: claim-and-mark alone (the claim statement the dispatcher runs), batches of 50.
      await db.query(`UPDATE outbox_message SET state = 'pending', lease_until = NULL, claimed_by = NULL, next_attempt_at = now() - interval '1 second'`);
      let claimedRows = 0;
      const claimStarted = process.hrtime.bigint();
      for (let n; (n = (await dispatcher.claim(settings.batchSize)).length) > 0; ) claimedRows += n;
      log(`claim-and-mark: ${(claimedRows / seconds(claimStarted)).toFixed(0)} rows/s (${claimedRows} rows, batches of ${settings.batchSize})`);

      printRecord(makeRecord('dispatch.messages_per_s', MESSAGES / dispatchSeconds, 'messages/s', MESSAGES / baselineSeconds, { op: '>=', value: 0.5, of: 'ratio' }));
    } finally {
      await transport?.close();
      await sink?.stop();
      await db?.destroy();
    }
  });
}

main().catch((error) => {
  process.stderr.write(`[dispatch] ${error.stack || error}\n`);
  process.exit(1);
});
