import { Injectable, OnModuleDestroy } from '@nestjs/common';

/**
 * Whether this process has begun to stop. Set by `begin()` when SIGTERM arrives (before the
 * drain pause, PHULUC_SHUTDOWN_DELAY_SECONDS) or, at the latest, when the application closes;
 * the probes answer 503 from then on.
 */
/**
 * GET /health/live's answer, the same on the HTTP application and on a scheduler-only process's
 * metrics port (PHULUC_METRICS_PORT): 200 `{"status":"ok"}` while running, 503
 * `{"status":"shutting_down"}` once stopping.
 */
export function livenessAnswer(isStopping: boolean): { status: 200 | 503; body: { status: 'ok' | 'shutting_down' } } {
  return isStopping ? { status: 503, body: { status: 'shutting_down' } } : { status: 200, body: { status: 'ok' } };
}

@Injectable()
export class ShutdownState implements OnModuleDestroy {
  private stopping = false;

  get isStopping(): boolean {
    return this.stopping;
  }

  begin(): void {
    this.stopping = true;
  }

  /** Nest runs every onModuleDestroy before any beforeApplicationShutdown: the probes see it first. */
  onModuleDestroy(): void {
    this.stopping = true;
  }
}
