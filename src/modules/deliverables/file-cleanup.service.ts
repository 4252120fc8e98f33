import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type FileStorage, removeUnreferenced } from './storage/file-storage';
import { LocalDiskStorage } from './storage/local-disk-storage';
import { FILE_STORAGE } from './submissions.service';

/** A stored file younger than this may belong to a submission whose transaction has not committed yet. */
export const DEFAULT_ORPHAN_GRACE_MINUTES = 60;
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

export interface CleanupResult {
  removed: string[];
  /** Temporary `.part` files a crashed upload left (local disk only). */
  partials: string[];
}

/**
 * Removes stored files no submission references (a crash between storing and committing, a
 * rollback whose delete failed). Run hourly by `serve` and on demand by `phuluc files cleanup`.
 */
@Injectable()
export class FileCleanupService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FileCleanup');
  private enabled = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async cleanup(graceMinutes = DEFAULT_ORPHAN_GRACE_MINUTES): Promise<CleanupResult> {
    // File ages are the file system's: wall-clock time, not the application's (possibly fixed) clock.
    const olderThan = new Date(Date.now() - graceMinutes * 60_000);
    // Read the keys after the cut-off time is fixed: a file stored and committed since is both
    // younger than the cut-off and (if listed) known, so it is never taken for an orphan.
    // Files referenced by a submission or kept as a generated document (report drafts, letters) stay.
    const rows: { storage_key: string }[] = await this.db.query(`SELECT storage_key FROM submission_file UNION ALL SELECT storage_key FROM generated_document`);
    const known = new Set(rows.map((r) => r.storage_key));
    if (this.storage instanceof LocalDiskStorage) {
      const { files, parts } = await this.storage.removeOrphans(known, olderThan);
      return { removed: files, partials: parts };
    }
    return { removed: await removeUnreferenced(this.storage, known, olderThan), partials: [] };
  }

  enableSchedule(): void {
    this.enabled = true;
  }

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      if (!this.enabled) return;
      this.cleanup()
        .then((r) => {
          if (r.removed.length || r.partials.length) this.logger.log({ msg: 'orphan files removed', removed: r.removed.length, partials: r.partials.length });
        })
        .catch((error: Error) => this.logger.error({ msg: 'file cleanup failed', error: error.message }));
    }, CLEANUP_EVERY_MS);
    timer.unref();
    this.scheduler.addInterval('phuluc-file-cleanup', timer);
  }

  onModuleDestroy(): void {
    this.enabled = false;
  }
}
