import { DataSource } from 'typeorm';
import { returnedRows } from '../../database/sql';
import { MailTransport, OutgoingMail, SendOutcome } from './mail-transport';

/** Templates of reminders (withdrawn when their tasks are done), as opposed to notifications. */
/** Shown to the admin in the outbox beside a withdrawn reminder. */
const WITHDRAWN_REASON = 'Không gửi: nhiệm vụ đã nộp sản phẩm, được miễn hoặc đã hủy.';

const REMINDER_TEMPLATES = ['upcoming', 'due-today', 'late', 'escalation-head', 'escalation-monitor', 'digest'];

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Turns a stored template name and view into the e-mail's text (templates/mail). */
export type MailRenderer = (template: string, view: unknown) => RenderedMail;

export interface DispatchSettings {
  from: string;
  /** Seconds a claimed message stays reserved for its worker; a dead worker's claims expire. */
  leaseSeconds: number;
  batchSize: number;
  /** Global rate, shared by every process through the database. */
  ratePerSecond: number;
  burst: number;
  maxAttempts: number;
  /** Backoff of attempt n: base × 2^(n−1), at most max, with ±25 % jitter. */
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** How long sending stops after the server refuses our credentials. */
  authPauseSeconds: number;
  /** Messages in flight at once (the SMTP pool's size): one slow round trip does not hold the rest. */
  concurrency: number;
}

export const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = {
  from: 'phuluc <no-reply@localhost>',
  leaseSeconds: 15,
  batchSize: 50,
  ratePerSecond: 20,
  burst: 50,
  maxAttempts: 8,
  backoffBaseSeconds: 30,
  backoffMaxSeconds: 3600,
  authPauseSeconds: 300,
  // More in flight than the pool has connections: senders need not wait for each record's commit.
  concurrency: 10,
};

export interface DispatchResult {
  /** Reminders withdrawn before sending: every task they were about was submitted, waived or cancelled. */
  withdrawn: number;
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  paused: boolean;
}

interface ClaimedMessage {
  id: string;
  idempotency_key: string;
  template: string;
  to_email: string;
  to_name: string | null;
  cc: { email: string; name?: string | null }[];
  view: unknown;
  attempts: number;
  message_id: string;
  instances: string[];
  steps: string[];
}

/** Runs `work` again (up to 3 times, 250 ms apart) when the database connection failed under it. */
async function withRetries<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The delay before attempt n + 1 after n failed attempts, with jitter from `random` in [0, 1). */
export function backoffSeconds(attempts: number, s: Pick<DispatchSettings, 'backoffBaseSeconds' | 'backoffMaxSeconds'>, random: number): number {
  const plain = Math.min(s.backoffMaxSeconds, s.backoffBaseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(plain * (0.75 + random * 0.5)));
}

/**
 * Sends what is due in the outbox. The outbox lives in physical time (the database's clock):
 * leases, backoff and the send rate are about real seconds, even when a tick plans reminders
 * "as of" another day. Claims a batch with FOR UPDATE SKIP LOCKED and a lease (so
 * several processes share the work and a dead one's claims come back within seconds), takes
 * tokens from the shared rate bucket, renders, sends, and records every attempt.
 */
export class OutboxDispatcher {
  constructor(
    private readonly db: DataSource,
    private readonly transport: MailTransport,
    private readonly render: MailRenderer,
    private readonly settings: DispatchSettings,
    private readonly worker: string,
    private readonly random: () => number = Math.random,
  ) {}

  async dispatch(): Promise<DispatchResult> {
    const result: DispatchResult = { withdrawn: 0, claimed: 0, sent: 0, retried: 0, dead: 0, paused: false };
    const [control] = await this.db.query(`SELECT paused_until > clock_timestamp() AS paused FROM mail_control WHERE id = 1`);
    if (control?.paused) return { ...result, paused: true };

    const allowed = await this.takeTokens(this.settings.batchSize);
    if (allowed === 0) return result;
    const claimed = await this.claim(allowed);
    result.claimed = claimed.length;
    // Tokens taken for messages that were not there go back to the bucket.
    if (claimed.length < allowed) await this.returnTokens(allowed - claimed.length);

    const queue = [...claimed];
    const sendNext = async (): Promise<void> => {
      for (let message = queue.shift(); message && !result.paused; message = queue.shift()) {
        const started = new Date();
        let outcome: SendOutcome;
        try {
          const rendered = this.render(message.template, message.view);
          outcome = await this.transport.send(this.compose(message, rendered));
        } catch (error) {
          // A template that cannot render will not render next time either.
          outcome = { kind: 'dead', error: `render: ${(error as Error).message}` };
        }
        const kind = await this.record(message, outcome, started);
        if (kind === 'sent') result.sent++;
        else if (kind === 'dead') result.dead++;
        else if (kind === 'paused') result.paused = true;
        else result.retried++;
      }
    };
    const senders = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(this.settings.concurrency, claimed.length)) }, sendNext));
    // Every sender has stopped before anything is released or reported: none keeps sending behind our back.
    if (result.paused) await this.releaseUnsent(claimed);
    const failed = senders.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return result;
  }

  /**
   * A reminder still waiting (e.g. through an SMTP outage) is not sent once its tasks are done.
   * It scans the pending messages: call it once per round of batches, not per batch.
   */
  async withdrawStale(): Promise<number> {
    const rows = returnedRows(
      await this.db.query(
        `UPDATE outbox_message m SET state = 'cancelled', last_error = $2, updated_at = now()
          WHERE m.state = 'pending' AND m.template = ANY($1::text[])
            AND EXISTS (SELECT 1 FROM outbox_item i WHERE i.message_id = m.id)
            AND NOT EXISTS (SELECT 1 FROM outbox_item i JOIN task_instance t ON t.id = i.instance_id
                             WHERE i.message_id = m.id AND t.status IN ('open', 'returned'))
          RETURNING m.id`,
        [REMINDER_TEMPLATES, WITHDRAWN_REASON],
      ),
    );
    return rows.length;
  }

  private compose(message: ClaimedMessage, rendered: RenderedMail): OutgoingMail {
    return {
      messageId: message.message_id,
      from: this.settings.from,
      to: { email: message.to_email, name: message.to_name },
      cc: message.cc,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      // One header line per reminder a digest carries.
      headers: {
        'X-Phuluc-Instance': message.instances,
        'X-Phuluc-Step': message.steps,
        'X-Phuluc-Key': message.idempotency_key,
        'Auto-Submitted': 'auto-generated',
      },
    };
  }

  /** Takes up to `wanted` tokens from the shared bucket (refilled at ratePerSecond, capped at burst). */
  private async takeTokens(wanted: number): Promise<number> {
    const { ratePerSecond, burst } = this.settings;
    const [row]: { granted: number }[] = returnedRows(await this.db.query(
      `WITH current AS (
         SELECT LEAST($2::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM (clock_timestamp() - refilled_at))) * $1::float8) AS available
           FROM mail_control WHERE id = 1 FOR UPDATE)
       UPDATE mail_control SET tokens = current.available - LEAST(floor(current.available), $3::int),
              refilled_at = clock_timestamp()
         FROM current WHERE id = 1
       RETURNING LEAST(floor(current.available), $3::int)::int AS granted`,
      [ratePerSecond, burst, wanted],
    ));
    return row?.granted ?? 0;
  }

  private async returnTokens(n: number): Promise<void> {
    await this.db.query(`UPDATE mail_control SET tokens = LEAST($2::float8, tokens + $1) WHERE id = 1`, [n, this.settings.burst]);
  }

  private async claim(limit: number): Promise<ClaimedMessage[]> {
    const rows: ClaimedMessage[] = returnedRows(await this.db.query(
      `WITH next AS (
         SELECT id FROM outbox_message
          WHERE state IN ('pending', 'sending') AND next_attempt_at <= clock_timestamp()
            AND (lease_until IS NULL OR lease_until < clock_timestamp())
          ORDER BY next_attempt_at, created_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE outbox_message m
          SET state = 'sending', lease_until = clock_timestamp() + make_interval(secs => $1), claimed_by = $3,
              attempts = m.attempts + 1, updated_at = now()
         FROM next WHERE m.id = next.id
       RETURNING m.id, m.idempotency_key, m.template, m.to_email, m.to_name, m.cc, m.view, m.attempts, m.message_id,
                 ARRAY(SELECT i.instance_id::text FROM outbox_item i WHERE i.message_id = m.id) AS instances,
                 ARRAY(SELECT i.step || CASE WHEN i.occurrence > 0 THEN '#' || i.occurrence ELSE '' END
                         FROM outbox_item i WHERE i.message_id = m.id) AS steps`,
      [this.settings.leaseSeconds, limit, this.worker],
    ));
    return rows;
  }

  private async record(message: ClaimedMessage, outcome: SendOutcome, started: Date): Promise<'sent' | 'retry' | 'dead' | 'paused'> {
    const s = this.settings;
    const kind = outcome.kind === 'retry' && message.attempts >= s.maxAttempts ? 'dead' : outcome.kind === 'auth' ? 'paused' : outcome.kind;
    const response = outcome.response ?? null;
    const error = outcome.kind === 'sent' ? null : outcome.error;
    // The e-mail has gone: losing its record now would send it again when the lease expires.
    // The transaction rolls back as a whole, so it is simply tried again on another connection.
    await withRetries(() => this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO outbox_attempt (message_id, attempt, worker, started_at, outcome, smtp_code, response, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [message.id, message.attempts, this.worker, started, kind, outcome.code ?? null, response, error],
      );
      switch (kind) {
        case 'sent':
          await tx.query(
            `UPDATE outbox_message SET state = 'sent', sent_at = now(), smtp_response = $2, lease_until = NULL, last_error = NULL, updated_at = now()
              WHERE id = $1 AND claimed_by = $3`,
            [message.id, response, this.worker],
          );
          break;
        case 'retry': {
          const delay = backoffSeconds(message.attempts, s, this.random());
          await tx.query(
            `UPDATE outbox_message SET state = 'pending', next_attempt_at = clock_timestamp() + make_interval(secs => $2),
                    lease_until = NULL, last_error = $3, smtp_response = $4, updated_at = now()
              WHERE id = $1 AND claimed_by = $5`,
            [message.id, delay, error, response, this.worker],
          );
          break;
        }
        case 'dead':
          await tx.query(
            `UPDATE outbox_message SET state = 'dead', dead_at = now(), lease_until = NULL, last_error = $2, smtp_response = $3, updated_at = now()
              WHERE id = $1 AND claimed_by = $4`,
            [message.id, error, response, this.worker],
          );
          break;
        case 'paused':
          // The credentials are wrong, not the message: it keeps its attempt count and waits.
          await tx.query(
            `UPDATE outbox_message SET state = 'pending', attempts = attempts - 1, lease_until = NULL, last_error = $2, updated_at = now()
              WHERE id = $1 AND claimed_by = $3`,
            [message.id, error, this.worker],
          );
          await tx.query(
            `UPDATE mail_control SET paused_until = clock_timestamp() + make_interval(secs => $1), paused_reason = $2 WHERE id = 1`,
            [s.authPauseSeconds, error],
          );
          break;
        default: {
          const _exhaustive: never = kind;
          return _exhaustive;
        }
      }
    }));
    return kind;
  }

  /** After a pause, the rest of the batch goes back to the queue untouched. */
  private async releaseUnsent(claimed: ClaimedMessage[]): Promise<void> {
    await this.db.query(
      `UPDATE outbox_message SET state = 'pending', attempts = attempts - 1, lease_until = NULL, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND state = 'sending' AND claimed_by = $2`,
      [claimed.map((m) => m.id), this.worker],
    );
  }
}
