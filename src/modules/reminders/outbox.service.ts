import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as os from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type MailTransport } from '../mail/mail-transport';
import { DEFAULT_DISPATCH_SETTINGS, DispatchResult, OutboxDispatcher } from '../mail/outbox-dispatcher';
import { Metrics } from '../metrics/metrics';
import { isMailTemplateName, MailTemplates } from './mail-templates';
import { reminderServiceMessages as say } from './reminder-service.messages';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
export const MAIL_TEMPLATES = Symbol('MAIL_TEMPLATES');

/** Sends the outbox with the configured transport: SMTP_URL, or .eml files under PHULUC_DATA_DIR/mail. */
@Injectable()
export class OutboxService implements OnApplicationShutdown {
  private readonly dispatcher: OutboxDispatcher;
  readonly worker = `${os.hostname()}:${process.pid}`;

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(MAIL_TEMPLATES) templates: MailTemplates,
    /** Counts sends and failures of this process for /metrics (absent where no MetricsModule is loaded). */
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.dispatcher = new OutboxDispatcher(
      db,
      transport,
      (template, view) => {
        if (!isMailTemplateName(template)) throw new Error(say.unknownTemplate(template));
        return templates.render(template, view as never);
      },
      {
        ...DEFAULT_DISPATCH_SETTINGS,
        from: config.mailFrom,
        ratePerSecond: config.mailRatePerSecond,
        burst: Math.max(1, Math.ceil(config.mailRatePerSecond * 2)),
        backoffBaseSeconds: config.mailRetryBaseSeconds,
      },
      this.worker,
    );
  }

  get transportName(): 'smtp' | 'file' {
    return this.transport.name;
  }

  private stopping = false;

  /** On shutdown: no new batch is claimed; the batch being sent finishes and is recorded. */
  stopClaiming(): void {
    this.stopping = true;
  }

  /** Sends batches until nothing is left that may go now (or `maxBatches` is reached, or the process stops). */
  async dispatchAll(maxBatches = 20): Promise<DispatchResult> {
    const total: DispatchResult = { withdrawn: await this.dispatcher.withdrawStale(), claimed: 0, sent: 0, retried: 0, dead: 0, paused: false };
    for (let i = 0; i < maxBatches && !this.stopping; i++) {
      const r = await this.dispatcher.dispatch();
      this.metrics?.countDispatch(r);
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.retried += r.retried;
      total.dead += r.dead;
      total.paused ||= r.paused;
      if (r.claimed === 0 || r.paused) break;
    }
    return total;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
