import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActingUser, readScope } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import type { Deliverable } from '../definitions/domain/definition-set';
import { deliverableMessages as say } from './deliverables.messages';
import { figureTypeOf, rollUp } from './domain/figures';

interface FigureRow {
  period_key: string;
  period_label: string;
  agency_code: string;
  agency_name: string;
  metric_code: string;
  value: string;
  version: number;
  review_status: string;
}

/**
 * A row's figures per period across its lead agencies (a fanned-out row has one per commune):
 * each agency's latest accepted submission (or latest pending one with include=submitted), then
 * the sum and the average per metric; `expected` counts the agencies that owe the figures.
 */
@Injectable()
export class FiguresQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async rollUp(user: ActingUser, planCode: string, rowKey: string, period: string | undefined, include: 'accepted' | 'submitted') {
    const [definition]: { id: string; deliverable: Deliverable }[] = await this.db.query(
      `SELECT d.id, v.deliverable FROM plan p JOIN workflow_definition d ON d.plan_id = p.id AND d.key = $2
         JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
        WHERE p.code = $1`,
      [planCode, rowKey],
    );
    if (!definition) throw new DomainError('NOT_FOUND', say.rowNotFound(planCode, rowKey));
    const readable = readScope(user);
    const scope = readable === 'all' ? null : [...readable];
    const periods: { period_key: string; period_label: string; expected: number }[] = await this.db.query(
      `SELECT period_key, min(period_label) AS period_label, count(*) FILTER (WHERE status NOT IN ('waived', 'cancelled'))::int AS expected
         FROM task_instance WHERE definition_id = $1 AND role = 'lead' AND ($2::text IS NULL OR period_key = $2)
          AND ($3::text[] IS NULL OR agency_code = ANY($3))
        GROUP BY period_key ORDER BY period_key`,
      [definition.id, period ?? null, scope],
    );
    const rows: FigureRow[] = await this.db.query(
      `SELECT t.period_key, t.period_label, t.agency_code, a.name AS agency_name, g.metric_code, g.value::text AS value, s.version, s.review_status
         FROM task_instance t JOIN agency a ON a.code = t.agency_code
         JOIN LATERAL (SELECT s.id, s.version, s.review_status FROM submission s
                        WHERE s.instance_id = t.id AND (s.review_status = 'accepted' OR ($3 AND s.review_status = 'pending'))
                        ORDER BY s.version DESC LIMIT 1) s ON true
         JOIN submission_figure g ON g.submission_id = s.id
        WHERE t.definition_id = $1 AND t.role = 'lead' AND ($2::text IS NULL OR t.period_key = $2)
          AND ($4::text[] IS NULL OR t.agency_code = ANY($4))
        ORDER BY t.period_key, t.agency_code`,
      [definition.id, period ?? null, include === 'submitted', scope],
    );
    const metrics = definition.deliverable.metrics.map((m) => ({ ...m, type: figureTypeOf(m) }));
    return {
      plan: planCode,
      row: rowKey,
      include,
      metrics,
      periods: periods.map((p) => ({
        periodKey: p.period_key,
        periodLabel: p.period_label,
        expected: p.expected,
        metrics: metrics.map((metric) => {
          const values = rows
            .filter((r) => r.period_key === p.period_key && r.metric_code === metric.code)
            .map((r) => ({ agency: r.agency_code, agencyName: r.agency_name, value: Number(r.value), version: r.version, review: r.review_status }));
          return { code: metric.code, ...rollUp(values, metric.type), agencies: values };
        }),
      })),
    };
  }
}
