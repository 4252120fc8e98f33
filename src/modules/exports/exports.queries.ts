import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface FigureExportFilter {
  plan?: string;
  year: number;
  row?: string;
  period?: string;
  agency?: string;
  /** The agencies the user reads; 'all' for the monitor, admin and viewer. */
  scope: readonly string[] | 'all';
}

export interface FigureExportRow {
  row_key: string;
  period_label: string;
  agency_code: string;
  agency_name: string;
  metric_code: string;
  metric_name: string;
  unit: string;
  value: string;
  version: number;
  submitted_at: Date;
  review_status: string;
}

/** The rows of the exports that have no list of their own elsewhere. */
@Injectable()
export class ExportsQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The figures the agencies reported for tasks whose period starts in the year: per agency,
   * period and metric, from each task's latest submission not sent back; at most `limit` rows.
   */
  async figures(filter: FigureExportFilter, limit: number): Promise<FigureExportRow[]> {
    return this.db.query(
      `SELECT d.key AS row_key, t.period_label, t.agency_code, a.name AS agency_name, g.metric_code, g.metric_name, g.unit, g.value::text AS value,
              s.version, s.submitted_at, s.review_status
         FROM task_instance t JOIN plan p ON p.id = t.plan_id JOIN workflow_definition d ON d.id = t.definition_id JOIN agency a ON a.code = t.agency_code
         JOIN LATERAL (SELECT s.id, s.version, s.submitted_at, s.review_status FROM submission s
                        WHERE s.instance_id = t.id AND s.review_status <> 'returned' ORDER BY s.version DESC LIMIT 1) s ON true
         JOIN submission_figure g ON g.submission_id = s.id
        WHERE ($1::text IS NULL OR p.code = $1) AND t.window_start >= make_date($2, 1, 1) AND t.window_start < make_date($2 + 1, 1, 1)
          AND ($3::text IS NULL OR d.key = $3) AND ($4::text IS NULL OR t.period_key = $4) AND ($5::text IS NULL OR t.agency_code = $5)
          AND ($6::text[] IS NULL OR t.agency_code = ANY($6))
        ORDER BY d.position, t.window_start, a.name, g.metric_code
        LIMIT $7`,
      [filter.plan ?? null, filter.year, filter.row ?? null, filter.period ?? null, filter.agency ?? null, filter.scope === 'all' ? null : [...filter.scope], limit],
    );
  }
}
