import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { RemindersModule } from '../reminders/reminders.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { TasksModule } from '../tasks/tasks.module';
import { FileCleanupService } from './file-cleanup.service';
import { FiguresController } from './figures.controller';
import { FiguresQueries } from './figures.queries';
import { FilesController } from './files.controller';
import { ClamdScanner, EicarScanner, type VirusScanner } from './scanning/virus-scanner';
import type { FileStorage } from './storage/file-storage';
import { LocalDiskStorage } from './storage/local-disk-storage';
import { S3Storage } from './storage/s3-storage';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsQueries } from './submissions.queries';
import { FILE_STORAGE, SubmissionsService, VIRUS_SCANNER } from './submissions.service';

function createStorage(config: AppConfig): FileStorage {
  switch (config.storage.driver) {
    case 'disk':
      return new LocalDiskStorage(config.storage.filesDir);
    case 's3':
      return S3Storage.fromUrl(config.storage.url);
  }
}

function createScanner(config: AppConfig): VirusScanner | null {
  switch (config.virusScanner.kind) {
    case 'none':
      new Logger('Deliverables').warn('Không có phần mềm diệt virus (PHULUC_VIRUS_SCANNER=none): tệp tải lên được ghi nhận là chưa quét.');
      return null;
    case 'eicar':
      return new EicarScanner();
    case 'clamd':
      return new ClamdScanner(config.virusScanner.host, config.virusScanner.port);
  }
}

@Module({
  imports: [SchedulingModule, TasksModule, AuditModule, RemindersModule],
  controllers: [SubmissionsController, FilesController, FiguresController],
  providers: [
    { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: createStorage },
    { provide: VIRUS_SCANNER, inject: [APP_CONFIG], useFactory: createScanner },
    SubmissionsService,
    SubmissionsQueries,
    FiguresQueries,
    FileCleanupService,
  ],
  exports: [FileCleanupService, SubmissionsService, SubmissionsQueries, FILE_STORAGE],
})
export class DeliverablesModule {}
