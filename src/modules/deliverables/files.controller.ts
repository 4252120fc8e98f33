import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Acting, type ActingUser } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { deliverableMessages as say } from './deliverables.messages';
import { contentDisposition } from './domain/file-names';
import type { FileStorage } from './storage/file-storage';
import { SubmissionsQueries } from './submissions.queries';
import { FILE_STORAGE } from './submissions.service';

@ApiTags('deliverables')
@Controller('api/files')
export class FilesController {
  constructor(
    private readonly queries: SubmissionsQueries,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Tải một tệp đã nộp (luôn dưới dạng tệp đính kèm)' })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Acting() user: ActingUser, @Res() response: Response): Promise<void> {
    const file = await this.queries.file(user, id);
    let content;
    try {
      content = await this.storage.open(file.storage_key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', say.fileMissingFromStorage(file.original_name));
      throw new DomainError('STORAGE_FAILED', say.storageReadFailed);
    }
    response.status(200);
    response.setHeader('Content-Type', file.mime);
    response.setHeader('Content-Length', file.size);
    // Never rendered by the browser, whatever the content: an attachment, not sniffed, sandboxed.
    response.setHeader('Content-Disposition', contentDisposition(file.original_name));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('ETag', `"sha256-${file.sha256}"`);
    await pipeline(content, response);
  }
}
