import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { TASK_CLASSIFICATIONS } from '../tasks/domain/task-lifecycle';
import { Metrics } from './metrics';

/** The states of outbox_message (migrations/1764230400000-CreateOutbox.ts). */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'dead', 'cancelled'] as const;

/** How long a count of instances by classification is reused. */
export const INSTANCES_CACHE_MS = 60_000;

/**
 * Gauges read from the database when Prometheus scrapes, shared by every process (whichever
 * process is scraped reports the same numbers). Every known label value is always present, at 0
 * when nothing is in it. When a query fails the gauge is emptied (and the failure logged) so that
 * no stale number is shown, and the rest of the scrape is still served.
 */
@Injectable()
export class DatabaseGauges {
  private readonly logger = new Logger('Metrics');
  private instances?: { at: number; counts: Promise<Map<string, number>> };

  constructor(
    metrics: Metrics,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const outbox: Gauge<'state'> = new Gauge({
      name: 'phuluc_outbox_messages',
      help: 'Outbox messages by state (pending, sending, sent, dead, cancelled), counted at scrape time.',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      collect: () => this.fill(outbox, 'phuluc_outbox_messages', 'state', OUTBOX_STATES, () => this.outboxCounts()),
    });
    const instances: Gauge<'classification'> = new Gauge({
      name: 'phuluc_instances',
      help: 'Opened task instances by classification as of now; recounted at most once a minute.',
      labelNames: ['classification'] as const,
      registers: [metrics.registry],
      collect: () => this.fill(instances, 'phuluc_instances', 'classification', TASK_CLASSIFICATIONS, () => this.instanceCounts()),
    });
  }

  /** One GROUP BY over the outbox (its (state, created_at) index covers it): cheap enough for every scrape. */
  private async outboxCounts(): Promise<Map<string, number>> {
    const rows: { state: string; n: number }[] = await this.db.query(`SELECT state, count(*)::int AS n FROM outbox_message GROUP BY state`);
    return new Map(rows.map((r) => [r.state, r.n]));
  }

  /**
   * The classification depends on "now", so no index helps: this reads every opened instance
   * (a full scan, about a second at 1,000,000 instances). Prometheus scrapes every 15 s or so,
   * maybe several replicas at once: the counts are therefore kept for 60 s (INSTANCES_CACHE_MS)
   * in this process, and concurrent scrapes share one query. The gauge may lag by a minute.
   */
  private instanceCounts(): Promise<Map<string, number>> {
    const started = Date.now();
    if (this.instances && started - this.instances.at < INSTANCES_CACHE_MS) return this.instances.counts;
    const now = this.clock.now();
    const counts = this.db
      .query(
        `SELECT task_classification(status, submitted_at, due_at, $1) AS classification, count(*)::int AS n
           FROM task_instance WHERE opens_on <= $2 GROUP BY 1`,
        [now, vietnamDate(now)],
      )
      .then((rows: { classification: string; n: number }[]) => new Map(rows.map((r) => [r.classification, r.n])));
    const entry = { at: started, counts };
    this.instances = entry;
    // A failed count is not kept: the next scrape tries again.
    counts.catch(() => {
      if (this.instances === entry) this.instances = undefined;
    });
    return counts;
  }

  private async fill<L extends string>(gauge: Gauge<L>, name: string, label: L, values: readonly string[], count: () => Promise<Map<string, number>>): Promise<void> {
    try {
      const counts = await count();
      gauge.reset();
      for (const value of new Set([...values, ...counts.keys()])) gauge.set({ [label]: value } as Partial<Record<L, string>>, counts.get(value) ?? 0);
    } catch (error) {
      gauge.reset();
      this.logger.warn({ msg: 'metric not collected', metric: name, error: (error as Error).message });
    }
  }
}
