import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActingUser, readScope } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { type LocalDate } from '../scheduling/domain/local-date';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';

export interface TaskLine {
  id: string;
  rowKey: string;
  task: string;
  periodLabel: string;
  agencyCode: string;
  agencyName: string;
  role: 'lead' | 'support';
  status: string;
  classification: string;
  dueDate: LocalDate;
  submittedAt: string | null;
  /** Working days until the due date (open tasks) or past it (late tasks). */
  workingDaysLeft: number;
  workingDaysLate: number;
}

const LINE_SQL = `
  SELECT t.id, d.key AS "rowKey", v.task, t.period_label AS "periodLabel", t.agency_code AS "agencyCode", a.name AS "agencyName",
         t.role, t.status, task_classification(t.status, t.submitted_at, t.due_at, $1) AS classification,
         to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", t.submitted_at AS "submittedAt"
    FROM task_instance t JOIN agency a ON a.code = t.agency_code
    JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id`;

/** What the pages show: a focal point's tasks, the monitor's overview and review queue. */
@Injectable()
export class PagesQueries {
  constructor(
    @InjectDataSource() readonly db: DataSource,
    private readonly calendars: WorkingCalendarProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async withDays(rows: Omit<TaskLine, 'workingDaysLeft' | 'workingDaysLate'>[]): Promise<TaskLine[]> {
    const today = vietnamDate(this.clock.now());
    if (!rows.length) return [];
    const years = rows.map((r) => Number(r.dueDate.slice(0, 4))).concat(Number(today.slice(0, 4)));
    const calendar = await this.calendars.forYears(Math.min(...years), Math.max(...years));
    return rows.map((r) => ({
      ...r,
      workingDaysLeft: r.dueDate >= today ? calendar.workingDaysBetween(today, r.dueDate) : 0,
      workingDaysLate: r.dueDate < today ? calendar.workingDaysBetween(r.dueDate, today) : 0,
    }));
  }

  /**
   * "Nhiệm vụ của tôi": the opened tasks of the user's agencies (focal point or head), in the
   * order a focal point works them: late (most late first), then due soon, then returned, then
   * those waiting for review.
   */
  async myTasks(user: ActingUser) {
    const agencies = user.focalPointOf === 'all' ? null : [...new Set([...user.focalPointOf, ...user.headOf])];
    const now = this.clock.now();
    const today = vietnamDate(now);
    const rows = await this.withDays(
      await this.db.query(
        `${LINE_SQL}
          WHERE ($2::text[] IS NULL OR t.agency_code = ANY($2)) AND t.opens_on <= $3 AND t.status IN ('open', 'returned', 'submitted')
          ORDER BY t.due_date, d.position, t.agency_code
          LIMIT 500`,
        [now, agencies, today],
      ),
    );
    const late = rows.filter((r) => r.status !== 'submitted' && r.classification === 'overdue-not-done').sort((a, b) => b.workingDaysLate - a.workingDaysLate);
    return {
      late,
      dueSoon: rows.filter((r) => r.status === 'open' && r.classification === 'in-progress-on-time'),
      returned: rows.filter((r) => r.status === 'returned' && r.classification === 'in-progress-on-time'),
      submitted: rows.filter((r) => r.status === 'submitted'),
      agencies: agencies ?? [],
    };
  }

  /** The plan's overview as of now: the four classifications, per section, and the late list. */
  async overview(user: ActingUser) {
    const now = this.clock.now();
    const today = vietnamDate(now);
    const scope = readScope(user);
    const agencies = scope === 'all' ? null : [...scope];
    const [plan]: { id: string; code: string; title: string }[] = await this.db.query(`SELECT id, code, title FROM plan ORDER BY created_at LIMIT 1`);
    if (!plan) return undefined;
    const counts: { section: string; title: string; classification: string; n: number }[] = await this.db.query(
      `SELECT v.section_key AS section, COALESCE(s.title, v.section_key) AS title,
              task_classification(t.status, t.submitted_at, t.due_at, $1) AS classification, count(*)::int AS n
         FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
         LEFT JOIN plan_section s ON s.plan_id = t.plan_id AND s.key = v.section_key
        WHERE t.plan_id = $2 AND t.role = 'lead' AND t.opens_on <= $3 AND ($4::text[] IS NULL OR t.agency_code = ANY($4))
        GROUP BY 1, 2, 3, s.position ORDER BY s.position NULLS LAST, 1`,
      [now, plan.id, today, agencies],
    );
    const classes = ['done-on-time', 'done-late', 'in-progress-on-time', 'overdue-not-done', 'waived', 'cancelled'];
    const total = Object.fromEntries(classes.map((c) => [c, counts.filter((r) => r.classification === c).reduce((n, r) => n + r.n, 0)]));
    const sections = [...new Map(counts.map((r) => [r.section, r.title])).entries()].map(([key, title]) => ({
      key,
      title,
      counts: Object.fromEntries(classes.map((c) => [c, counts.filter((r) => r.section === key && r.classification === c).reduce((n, r) => n + r.n, 0)])),
    }));
    const late = await this.withDays(
      await this.db.query(
        `${LINE_SQL}
          WHERE t.plan_id = $2 AND t.role = 'lead' AND t.status IN ('open', 'returned') AND t.due_at < $1
            AND ($3::text[] IS NULL OR t.agency_code = ANY($3))
          ORDER BY t.due_date, d.position, t.agency_code LIMIT 200`,
        [now, plan.id, agencies],
      ),
    );
    const finished = total['done-on-time'] + total['done-late'];
    return {
      plan,
      total,
      onTimeRate: finished ? Math.round((total['done-on-time'] / finished) * 1000) / 10 : null,
      sections,
      late: late.sort((a, b) => b.workingDaysLate - a.workingDaysLate),
    };
  }

  /** Submissions waiting for the monitor, oldest first. */
  async reviewQueue() {
    return this.withDays(
      await this.db.query(
        `${LINE_SQL} WHERE t.status = 'submitted' AND t.role = 'lead' ORDER BY t.submitted_at LIMIT 500`,
        [this.clock.now()],
      ),
    );
  }

  /** The appendix row of an instance as the task page shows it. */
  async rowFacts(id: string) {
    const [row]: {
      rowKey: string;
      task: string;
      leadText: string;
      supportText: string | null;
      deliverable: { name: string; kind: string; metrics: { code: string; name: string; unit: string }[] };
      timingText: string;
      provenance: string;
      provenanceNotes: { field: string; mark: string; note: string }[];
    }[] = await this.db.query(
      `SELECT d.key AS "rowKey", v.task, v.lead_text AS "leadText", v.support_text AS "supportText", v.deliverable,
              v.timing_text AS "timingText", v.provenance, v.provenance_notes AS "provenanceNotes"
         FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
        WHERE t.id = $1`,
      [id],
    );
    return row;
  }

  /** The audit trail of an instance, newest first, with the people's names. */
  async auditFor(id: string): Promise<{ at: string; action: string; actor: string; actorName: string; version: number | null }[]> {
    return this.db.query(
      `SELECT e.at, e.action, e.actor, COALESCE(u.name, CASE WHEN e.actor = 'cli' THEN 'Dòng lệnh' ELSE e.actor END) AS "actorName",
              COALESCE((e.after->>'version')::int, (e.details->>'version')::int) AS version
         FROM audit_event e LEFT JOIN user_account u ON e.actor = 'user:' || u.id
        WHERE e.instance_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT 200`,
      [id],
    );
  }

  async agencyNames(codes: readonly string[]): Promise<string[]> {
    if (!codes.length) return [];
    const rows: { name: string }[] = await this.db.query(`SELECT name FROM agency WHERE code = ANY($1::text[]) ORDER BY name`, [[...codes]]);
    return rows.map((r) => r.name);
  }

  /**
   * The compliance matrix of a year: agencies × appendix rows, each cell the counts of that
   * agency's tasks on that row whose period starts in the year, by classification as of now.
   */
  async complianceMatrix(user: ActingUser, filter: { year: number; section?: string; group?: string; period?: string }) {
    const now = this.clock.now();
    const scope = readScope(user);
    const [plan]: { id: string; title: string }[] = await this.db.query(`SELECT id, title FROM plan ORDER BY created_at LIMIT 1`);
    if (!plan) return undefined;
    const cells: { agency: string; agency_name: string; row_key: string; position: number; classification: string; n: number; instance: string }[] = await this.db.query(
      `SELECT t.agency_code AS agency, a.name AS agency_name, d.key AS row_key, d.position,
              task_classification(t.status, t.submitted_at, t.due_at, $1) AS classification, count(*)::int AS n, min(t.id::text) AS instance
         FROM task_instance t JOIN agency a ON a.code = t.agency_code
         JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
        WHERE t.plan_id = $2 AND t.role = 'lead' AND t.opens_on <= ($1 AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
          AND t.window_start >= make_date($3, 1, 1) AND t.window_start < make_date($3 + 1, 1, 1)
          AND ($4::text IS NULL OR v.section_key = $4)
          AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM agency_group_member m WHERE m.group_code = $5 AND m.agency_code = t.agency_code))
          AND ($6::text[] IS NULL OR t.agency_code = ANY($6))
          AND ($7::text IS NULL OR t.period_key = $7)
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 4`,
      [now, plan.id, filter.year, filter.section ?? null, filter.group ?? null, scope === 'all' ? null : [...scope], filter.period ?? null],
    );
    const rows = [...new Map(cells.map((c) => [c.row_key, c.position])).entries()].sort((a, b) => a[1] - b[1]).map(([key]) => key);
    const agencies = [...new Map(cells.map((c) => [c.agency, c.agency_name])).entries()].map(([code, name]) => {
      const mine = cells.filter((c) => c.agency === code);
      const count = (cls: string) => mine.filter((c) => c.classification === cls).reduce((n, c) => n + c.n, 0);
      const onTime = count('done-on-time');
      const late = count('done-late');
      return {
        code,
        name,
        onTimeRate: onTime + late ? Math.round((onTime / (onTime + late)) * 1000) / 10 : null,
        cells: rows.map((key) => {
          const here = mine.filter((c) => c.row_key === key);
          const total = here.reduce((n, c) => n + c.n, 0);
          if (!total) return { key, total: 0 };
          const by = (cls: string) => here.filter((c) => c.classification === cls).reduce((n, c) => n + c.n, 0);
          const worst = ['overdue-not-done', 'in-progress-on-time', 'done-late', 'done-on-time', 'waived', 'cancelled'].find((cls) => by(cls) > 0)!;
          return { key, total, done: by('done-on-time') + by('done-late'), worst, instance: total === 1 ? here[0].instance : undefined };
        }),
      };
    });
    const sections: { key: string; title: string }[] = await this.db.query(`SELECT key, title FROM plan_section WHERE plan_id = $1 ORDER BY position`, [plan.id]);
    const groups: { code: string; name: string }[] = await this.db.query(`SELECT code, name FROM agency_group ORDER BY name`);
    const periods: { key: string; label: string }[] = await this.db.query(
      `SELECT period_key AS key, min(period_label) AS label FROM task_instance
        WHERE plan_id = $1 AND window_start >= make_date($2, 1, 1) AND window_start < make_date($2 + 1, 1, 1) AND period_kind <> 'ad-hoc' GROUP BY period_key ORDER BY period_key`,
      [plan.id, filter.year],
    );
    return { plan, rows, agencies, sections, groups, periods };
  }

  /** One agency's record: its tasks up to now with their classification, and the on-time rate. */
  async agencyRecord(code: string, year: number) {
    const now = this.clock.now();
    const [agency]: { code: string; name: string }[] = await this.db.query(`SELECT code, name FROM agency WHERE code = $1`, [code]);
    if (!agency) return undefined;
    const tasks = await this.withDays(
      await this.db.query(
        `${LINE_SQL} WHERE t.agency_code = $2 AND t.window_start >= make_date($3, 1, 1) AND t.window_start < make_date($3 + 1, 1, 1) AND t.opens_on <= ($1 AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
          ORDER BY t.due_date, d.position`,
        [now, code, year],
      ),
    );
    const count = (cls: string) => tasks.filter((t) => t.classification === cls).length;
    const finished = count('done-on-time') + count('done-late');
    return {
      agency,
      tasks,
      counts: Object.fromEntries(['done-on-time', 'done-late', 'in-progress-on-time', 'overdue-not-done', 'waived'].map((c) => [c, count(c)])),
      onTimeRate: finished ? Math.round((count('done-on-time') / finished) * 1000) / 10 : null,
    };
  }

  /** Rows whose timing allows "đột xuất" instances (current versions). */
  async adHocRows(): Promise<{ plan: string; key: string; task: string; timing: string; versionId: string }[]> {
    return this.db.query(
      `SELECT p.code AS plan, d.key, v.task, v.timing_text AS timing, v.id AS "versionId"
         FROM plan p JOIN workflow_definition d ON d.plan_id = p.id AND d.retired_at IS NULL
         JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
        WHERE v.schedule->>'kind' = 'ad-hoc' OR (v.schedule->>'adHoc')::boolean
        ORDER BY p.created_at, d.position`,
    );
  }

  /** The agencies (groups expanded) that lead any of these row versions. */
  async leadAgenciesOf(versionIds: string[]): Promise<{ code: string; name: string }[]> {
    if (!versionIds.length) return [];
    return this.db.query(
      `SELECT DISTINCT a.code, a.name FROM workflow_party p LEFT JOIN agency_group_member m ON m.group_code = p.group_code
         JOIN agency a ON a.code = COALESCE(p.agency_code, m.agency_code)
        WHERE p.version_id = ANY($1::uuid[]) AND p.role = 'lead' ORDER BY a.name`,
      [versionIds],
    );
  }
}
