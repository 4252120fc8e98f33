import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { DispatchResult } from '../mail/outbox-dispatcher';

/**
 * The application's Prometheus instruments, on a registry of its own (never prom-client's global
 * one: the tests run several applications in one process, and each must count only its own
 * work). Counters and histograms are of this process; the gauges read from the database at
 * scrape time are added by DatabaseGauges. Served by GET /metrics.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly mailSent = new Counter({
    name: 'phuluc_mail_sent_total',
    help: 'E-mails this process handed to the SMTP server (or wrote as .eml) successfully.',
    registers: [this.registry],
  });

  readonly mailFailures = new Counter({
    name: 'phuluc_mail_failures_total',
    help: 'Failed sending attempts of this process: retry (temporary, tried again later) or dead (given up).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly tickDuration = new Histogram({
    name: 'phuluc_tick_duration_seconds',
    help: 'Duration of one scheduler tick (open instances, plan reminders, send the outbox, snapshots), failed ticks included.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'phuluc_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (never the raw URL; "unmatched" when no route) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'phuluc_' });
    // Both kinds are shown from the start (at 0): a rate() over a series that appears late misses its first failures.
    this.mailFailures.inc({ kind: 'retry' }, 0);
    this.mailFailures.inc({ kind: 'dead' }, 0);
  }

  /** Counts what one dispatch batch of the outbox did (OutboxService.dispatchAll). */
  countDispatch(result: Pick<DispatchResult, 'sent' | 'retried' | 'dead'>): void {
    if (result.sent) this.mailSent.inc(result.sent);
    if (result.retried) this.mailFailures.inc({ kind: 'retry' }, result.retried);
    if (result.dead) this.mailFailures.inc({ kind: 'dead' }, result.dead);
  }

  /** The exposition text (Prometheus text format 0.0.4) and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
