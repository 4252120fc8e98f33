import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DispatchResult } from '../mail/outbox-dispatcher';
import { Metrics } from '../metrics/metrics';
import { ComplianceService } from '../compliance/compliance.service';
import { GenerationService } from '../scheduling/generation.service';
import { OutboxService } from './outbox.service';
import { PlanningResult, ReminderPlanningService } from './reminder-planning.service';

export interface TickResult {
  now: string;
  opened: number;
  planning: PlanningResult;
  dispatch: DispatchResult;
  /** Compliance snapshots taken because a year's data cut-off (14/12) has passed. */
  snapshots: number;
}

/**
 * One tick: open the instances whose periods have started, plan the reminders due now into the
 * outbox, send what the outbox holds, freeze a year's compliance figures once its cut-off has passed. Every step is idempotent, so any number of processes may
 * tick at once; they share the work through PostgreSQL.
 */
@Injectable()
export class TickService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Tick');
  private inFlight: Promise<void> | undefined;
  private enabled = false;

  constructor(
    private readonly generation: GenerationService,
    private readonly planning: ReminderPlanningService,
    private readonly outbox: OutboxService,
    private readonly compliance: ComplianceService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** Times every tick for /metrics (absent where no MetricsModule is loaded). */
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async tick(now: Date = this.clock.now()): Promise<TickResult> {
    const stopTimer = this.metrics?.tickDuration.startTimer();
    try {
      return await this.runTick(now);
    } finally {
      stopTimer?.();
    }
  }

  private async runTick(now: Date): Promise<TickResult> {
    const generated = await this.generation.generate({ until: vietnamDate(now) });
    const planning = await this.planning.plan(now);
    const dispatch = await this.outbox.dispatchAll();
    const snapshots = await this.compliance.takeDueSnapshots(now);
    return { now: now.toISOString(), opened: generated.reduce((n, p) => n + p.created, 0), planning, dispatch, snapshots };
  }

  /** `serve` turns the scheduler on; commands and tests tick by hand. */
  enableSchedule(): void {
    this.enabled = true;
  }

  onApplicationBootstrap(): void {
    if (this.config.tickSeconds <= 0) return;
    const timer = setInterval(() => {
      if (!this.enabled || this.inFlight) return;
      this.inFlight = this.tick()
        .then((r) => {
          if (r.opened || r.planning.messages || r.dispatch.claimed || r.snapshots) this.logger.log({ msg: 'tick', ...r });
        })
        .catch((error: Error) => this.logger.error({ msg: 'tick failed', error: error.message }))
        .finally(() => (this.inFlight = undefined));
    }, this.config.tickSeconds * 1000);
    timer.unref();
    this.scheduler.addInterval('phuluc-tick', timer);
  }

  /**
   * Graceful stop (SIGTERM, SIGINT): no new tick, no new outbox batch; the tick in flight
   * finishes (its batch is sent and recorded) before the database connections close.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopScheduling();
    await this.inFlight;
  }

  /** No new tick and no new outbox batch from now on (SIGTERM, before the drain pause). */
  stopScheduling(): void {
    this.enabled = false;
    this.outbox.stopClaiming();
  }
}
