import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { healthReport } from './health-report';
import { livenessAnswer, ShutdownState } from './shutdown-state';

const probeMessages = {
  shuttingDown: 'Dịch vụ đang dừng: không nhận yêu cầu mới.',
  migrationsUnreadable: 'Không đọc được bảng schema_migration.',
} as const;

/** Rejects when `work` takes longer than `ms` (a probe answers in time, even when the database hangs). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * GET /health (the database checked: tests and the bench use it), and the two probes. /health/live:
 * the process is up and not stopping, for a process supervisor that restarts it; no database call,
 * so a database outage does not get every replica restarted. /health/ready: this process can
 * serve (database reachable, every migration it knows applied, not stopping), for a load balancer
 * that sends traffic only to ready processes. All three answer themselves (@Res) in JSON, a 503
 * with the report (Terminus's shape) of what is down: the error filter would treat these paths as pages.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  /** The database ping under way: probes arriving meanwhile share its answer instead of queueing their own. */
  private pingInFlight: Promise<unknown> | undefined;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Tình trạng dịch vụ (kiểm tra kết nối cơ sở dữ liệu)' })
  async check(@Res() response: Response): Promise<void> {
    await this.answer(response, [() => this.databaseCheck()]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Tiến trình còn chạy (không gọi cơ sở dữ liệu): dành cho trình giám sát tiến trình' })
  live(@Res() response: Response): void {
    const { status, body } = livenessAnswer(this.shutdown.isStopping);
    response.status(status).json(body);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Sẵn sàng nhận yêu cầu (cơ sở dữ liệu, đủ các bản chuyển đổi lược đồ): dành cho bộ cân bằng tải' })
  async ready(@Res() response: Response): Promise<void> {
    if (this.shutdown.isStopping) {
      response.status(503).json({ status: 'shutting_down', error: { shutdown: { status: 'down', message: probeMessages.shuttingDown } } });
      return;
    }
    await this.answer(response, [() => this.databaseCheck(), () => this.migrationsCheck()]);
  }

  /** 200 with Terminus's report (healthReport), or 503 with the same report naming what is down. */
  private async answer(response: Response, checks: (() => Promise<HealthIndicatorResult>)[]): Promise<void> {
    try {
      const report = healthReport(await Promise.all(checks.map((check) => check())));
      response.status(report.status === 'ok' ? 200 : 503).json(report);
    } catch {
      response.status(503).json({ status: 'error' });
    }
  }

  /**
   * `SELECT 1` within 3 s. (Terminus's TypeOrmHealthIndicator resolves its modules with require()
   * on every call — a tenth of the main thread under a load of probes — so the ping is done here.)
   * A probe that arrives while a ping is under way waits for that ping: its answer is at most one
   * round trip older than its own would be, and a burst of probes costs one ping, not one each.
   */
  private async databaseCheck() {
    const indicator = this.indicators.check('database');
    try {
      this.pingInFlight ??= within(3000, this.db.query('SELECT 1')).finally(() => (this.pingInFlight = undefined));
      await this.pingInFlight;
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** The migrations this code knows (DataSource.migrations) against the rows of schema_migration. */
  private async migrationsCheck() {
    const indicator = this.indicators.check('migrations');
    let applied: Set<string>;
    try {
      const rows: { name: string }[] = await within(3000, this.db.query(`SELECT name FROM schema_migration`));
      applied = new Set(rows.map((r) => r.name));
    } catch {
      return indicator.down({ message: probeMessages.migrationsUnreadable });
    }
    const known = this.db.migrations.map((m) => m.name ?? m.constructor.name);
    const pending = known.filter((name) => !applied.has(name));
    return pending.length > 0 ? indicator.down({ pending }) : indicator.up({ applied: known.length });
  }
}
