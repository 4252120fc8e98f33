import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DataSource } from 'typeorm';
import { type ActingUser, reads } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { returnedRows } from '../../database/sql';
import { accountIdOf } from '../access/account-json';
import { AccountsService } from '../access/accounts.service';
import { newSecret } from '../access/passwords';
import { secretHash } from '../access/secret-hash';
import { addDays, formatVietnamese } from '../scheduling/domain/local-date';
import { taskStatusLabels } from '../tasks/domain/task-lifecycle.messages';
import { exportMessages as say } from './exports.messages';

export interface FeedView {
  id: string;
  agency: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const MAX_EVENTS = 5000;

/** Private iCalendar feeds of due dates, per agency or per person. */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A new feed; its URL (with the secret) is shown once. */
  async create(user: ActingUser, agency: string | undefined): Promise<FeedView & { url: string }> {
    if (agency !== undefined && (!reads(user, agency) || !(await this.db.query(`SELECT 1 FROM agency WHERE code = $1`, [agency])).length)) {
      throw new DomainError('NOT_FOUND', say.agencyNotFound(agency));
    }
    const token = newSecret();
    const [row]: FeedView[] = await this.db.query(
      `INSERT INTO calendar_feed (user_id, agency_code, token_hash) VALUES ($1, $2, $3)
       RETURNING id, agency_code AS agency, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
      [accountIdOf(user), agency ?? null, secretHash(token)],
    );
    return { ...row, url: `${this.config.publicUrl}/lich/${token}.ics` };
  }

  async list(user: ActingUser): Promise<FeedView[]> {
    return this.db.query(
      `SELECT id, agency_code AS agency, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM calendar_feed WHERE user_id = $1 ORDER BY created_at DESC`,
      [accountIdOf(user)],
    );
  }

  async revoke(user: ActingUser, id: string): Promise<void> {
    const rows = returnedRows(
      await this.db.query(`UPDATE calendar_feed SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`, [
        id,
        accountIdOf(user),
      ]),
    );
    if (!rows.length) throw new DomainError('NOT_FOUND', say.feedNotFound);
  }

  /** The feed's ICS text, or undefined for an unknown, revoked or orphaned token. */
  async render(token: string): Promise<string | undefined> {
    const feeds = returnedRows<{ user_id: string; agency_code: string | null }>(
      await this.db.query(
        `UPDATE calendar_feed SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id, agency_code`,
        [secretHash(token)],
      ),
    );
    const feed = feeds[0];
    const owner = feed ? await this.accounts.actingUser(feed.user_id) : undefined;
    if (!feed || !owner) return undefined;
    // The owner's reach now: one agency, or the person's own agencies (everything for those who read everything).
    let agencies: string[] | null;
    if (feed.agency_code) {
      if (!reads(owner, feed.agency_code)) return undefined;
      agencies = [feed.agency_code];
    } else {
      agencies = owner.readsAll || owner.focalPointOf === 'all' ? null : [...new Set([...owner.focalPointOf, ...owner.headOf])];
    }
    const today = vietnamDate(this.clock.now());
    const tasks: { id: string; row_key: string; task: string; period_label: string; agency_name: string; due_date: string; status: keyof typeof taskStatusLabels }[] =
      await this.db.query(
        `SELECT t.id, d.key AS row_key, v.task, t.period_label, a.name AS agency_name, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.status
           FROM task_instance t JOIN agency a ON a.code = t.agency_code
           JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
          WHERE ($1::text[] IS NULL OR t.agency_code = ANY($1)) AND t.status IN ('open', 'returned', 'submitted')
            AND t.due_date >= $2 ORDER BY t.due_date, d.position LIMIT $3`,
        [agencies, addDays(today, -60), MAX_EVENTS],
      );
    const calendar = ical({
      name: feed.agency_code ? say.feedNameAgency(tasks[0]?.agency_name ?? feed.agency_code) : say.feedNamePerson(owner.name),
      prodId: { company: 'phuluc', product: 'phuluc', language: 'VI' },
      method: ICalCalendarMethod.PUBLISH,
      timezone: 'Asia/Ho_Chi_Minh',
      ttl: 60 * 60,
    });
    for (const t of tasks) {
      const day = new Date(`${t.due_date}T00:00:00Z`);
      calendar.createEvent({
        id: `${t.id}@phuluc`,
        start: day,
        end: new Date(day.getTime() + 86_400_000),
        allDay: true,
        summary: say.eventSummary(t.row_key, t.period_label, t.agency_name),
        description: say.eventDescription(t.task, formatVietnamese(t.due_date), taskStatusLabels[t.status]),
        url: `${this.config.publicUrl}/nhiem-vu/${t.id}`,
      });
    }
    return calendar.toString();
  }
}
