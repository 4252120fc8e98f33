import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { returnedRows } from '../../database/sql';
import { reminderServiceMessages as say } from './reminder-service.messages';

export interface OutboxFilter {
  state?: string;
  instance?: string;
  recipient?: string;
  page?: number;
  limit?: number;
}

const MESSAGE_JSON = `jsonb_build_object(
  'id', m.id, 'key', m.idempotency_key, 'template', m.template, 'to', m.to_email, 'toName', m.to_name, 'cc', m.cc,
  'state', m.state, 'attempts', m.attempts, 'nextAttemptAt', m.next_attempt_at, 'messageId', m.message_id,
  'smtpResponse', m.smtp_response, 'lastError', m.last_error, 'sentAt', m.sent_at, 'deadAt', m.dead_at, 'createdAt', m.created_at,
  'items', COALESCE((SELECT jsonb_agg(jsonb_build_object('instance', i.instance_id, 'step', i.step, 'occurrence', i.occurrence,
                                                         'sendOn', i.send_on) ORDER BY i.send_on, i.step)
                       FROM outbox_item i WHERE i.message_id = m.id), '[]'::jsonb))`;

/** The admin's view of the outbox: what went, what waits, what failed and why; requeue a dead message. */
@Injectable()
export class OutboxQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(q: OutboxFilter) {
    const page = q.page ?? 1;
    const limit = q.limit ?? 50;
    const params = [q.state ?? null, q.instance ?? null, q.recipient?.toLowerCase() ?? null];
    const where = `WHERE ($1::text IS NULL OR m.state = $1)
        AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM outbox_item i WHERE i.message_id = m.id AND i.instance_id = $2))
        AND ($3::text IS NULL OR lower(m.to_email) = $3)`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM outbox_message m ${where}`, params);
    const rows: { item: unknown }[] = await this.db.query(
      `SELECT ${MESSAGE_JSON} AS item FROM outbox_message m ${where} ORDER BY m.created_at DESC, m.id LIMIT $4 OFFSET $5`,
      [...params, limit, (page - 1) * limit],
    );
    const counts: { state: string; n: number }[] = await this.db.query(`SELECT state, count(*)::int AS n FROM outbox_message GROUP BY state`);
    return { total, page, limit, counts: Object.fromEntries(counts.map((c) => [c.state, c.n])), items: rows.map((r) => r.item) };
  }

  async get(id: string) {
    const [row] = await this.db.query(
      `SELECT ${MESSAGE_JSON} || jsonb_build_object('history', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'attempt', a.attempt, 'worker', a.worker, 'startedAt', a.started_at, 'finishedAt', a.finished_at,
                'outcome', a.outcome, 'smtpCode', a.smtp_code, 'response', a.response, 'error', a.error) ORDER BY a.id)
              FROM outbox_attempt a WHERE a.message_id = m.id), '[]'::jsonb)) AS item
         FROM outbox_message m WHERE m.id = $1`,
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND', say.messageNotFound(id));
    return row.item;
  }

  async requeue(id: string) {
    const [row] = returnedRows(
      await this.db.query(
        `UPDATE outbox_message SET state = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL, lease_until = NULL, updated_at = now()
          WHERE id = $1 AND state = 'dead' RETURNING id`,
        [id],
      ),
    );
    if (!row) {
      const [current] = await this.db.query(`SELECT state FROM outbox_message WHERE id = $1`, [id]);
      if (!current) throw new DomainError('NOT_FOUND', say.messageNotFound(id));
      throw new DomainError('TRANSITION_REFUSED', say.notDead(id, current.state));
    }
    return this.get(id);
  }
}
