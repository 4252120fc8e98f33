import { Injectable, OnModuleDestroy } from '@nestjs/common';

/**
 * Whether this process has begun to stop. Set by `begin()` when SIGTERM arrives (before the
 * drain pause, PHULUC_SHUTDOWN_DELAY_SECONDS) or, at the latest, when the application closes;
 * the probes answer 503 from then on.
 */
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
