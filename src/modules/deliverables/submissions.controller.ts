import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsDefined, IsISO8601, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { Acting, type ActingUser } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { deliverableMessages as say } from './deliverables.messages';
import { type UploadErrorCode, UploadRejectedError } from './domain/upload-error';
import { SubmissionsQueries } from './submissions.queries';
import { SubmissionsService } from './submissions.service';
import { MultipartError, receiveMultipart } from './upload/multipart-receiver';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class ReviewBody {
  @IsIn(['accept', 'return'], { message: 'decision phải là accept hoặc return' }) decision: 'accept' | 'return';
  @IsOptional() @IsString() @MaxLength(4000) comment?: string;
  @IsOptional() @Matches(DATE, { message: 'dueDate phải là ngày dạng YYYY-MM-DD' }) @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dueDate phải là ngày dạng YYYY-MM-DD' }) dueDate?: string;
  @IsOptional() @IsInt() @Min(1) version?: number;
}

export class ReasonBody {
  @IsString() @Matches(/\S/u, { message: 'Cần nêu lý do.' }) @MaxLength(2000) reason: string;
}

export class FiguresBody {
  @IsDefined({ message: 'Cần gửi số liệu trong trường figures.' }) figures: unknown;
}

const UPLOAD_CODES: Record<UploadErrorCode, 'FILE_EMPTY' | 'FILE_TOO_LARGE' | 'FILE_TYPE_REFUSED' | 'FILE_INFECTED'> = {
  EMPTY_FILE: 'FILE_EMPTY',
  TOO_LARGE: 'FILE_TOO_LARGE',
  TYPE_NOT_ALLOWED: 'FILE_TYPE_REFUSED',
  TYPE_MISMATCH: 'FILE_TYPE_REFUSED',
  INFECTED: 'FILE_INFECTED',
};

/** What went wrong while receiving, said to the client; anything else is the storage's failure. */
function receivingError(error: unknown): Error {
  if (error instanceof UploadRejectedError) return new DomainError(UPLOAD_CODES[error.error.code], error.message, { reason: error.error.code });
  if (error instanceof MultipartError) return new DomainError('VALIDATION_FAILED', error.message);
  if (error instanceof DomainError) return error;
  return new DomainError('STORAGE_FAILED', say.storageFailed);
}

@ApiTags('deliverables')
@Controller('api')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly queries: SubmissionsQueries,
  ) {}

  @Post('instances/:id/submissions')
  @ApiOperation({ summary: 'Nộp sản phẩm (tệp, số liệu, ghi chú, đường dẫn, thông tin văn bản) cho một nhiệm vụ; mỗi lần nộp lại là một phiên bản mới' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
        note: { type: 'string' },
        figures: { type: 'string', description: 'JSON: {"mã chỉ tiêu": giá trị}' },
        link: { type: 'string' },
        documentNumber: { type: 'string', description: 'Số/ký hiệu' },
        issuedOn: { type: 'string', description: 'Ngày ban hành (dd/mm/yyyy)' },
        signer: { type: 'string', description: 'Người ký' },
      },
    },
  })
  async submit(@Param('id', new ParseUUIDPipe()) id: string, @Acting() user: ActingUser, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    let received;
    let prepared;
    try {
      prepared = await this.submissions.prepare(user, id);
      received = await receiveMultipart(request, prepared.upload);
    } catch (error) {
      // The rest of the body is not read: the connection closes after the answer.
      response.setHeader('Connection', 'close');
      throw receivingError(error);
    }
    const submissionId = await this.submissions.submit(user, prepared.task, received);
    response.status(201);
    return this.queries.one(submissionId);
  }

  @Get('instances/:id/submissions')
  @ApiOperation({ summary: 'Các lần nộp của một nhiệm vụ (mới nhất trước), kèm phần phối hợp của các cơ quan phối hợp' })
  list(@Param('id', new ParseUUIDPipe()) id: string, @Acting() user: ActingUser) {
    return this.queries.list(user, id);
  }

  @Post('instances/:id/review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Xem xét lần nộp đang chờ: chấp nhận, hoặc trả lại kèm ý kiến và hạn gửi lại (mặc định +5 ngày làm việc)' })
  async review(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReviewBody, @Acting() user: ActingUser) {
    // "dueDate": null passes @IsOptional: it means "the default", as an absent one does.
    await this.submissions.review(user, id, { ...body, dueDate: body.dueDate ?? undefined });
    return this.queries.list(user, id);
  }

  @Post('instances/:id/waive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Miễn thực hiện nhiệm vụ (Sở Nội vụ), có lý do' })
  async waive(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReasonBody, @Acting() user: ActingUser) {
    await this.submissions.close(user, id, 'waive', body.reason);
    return this.queries.list(user, id);
  }

  @Post('instances/:id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mở lại nhiệm vụ đã hoàn thành, được miễn hoặc đã hủy (Sở Nội vụ), có lý do' })
  async reopen(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReasonBody, @Acting() user: ActingUser) {
    await this.submissions.close(user, id, 'reopen', body.reason);
    return this.queries.list(user, id);
  }

  @Put('submissions/:id/figures')
  @ApiOperation({ summary: 'Sửa số liệu của một lần nộp (khi đang chờ xem xét; Sở Nội vụ: bất cứ lúc nào)' })
  async updateFigures(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: FiguresBody, @Acting() user: ActingUser) {
    await this.submissions.updateFigures(user, id, body.figures);
    return this.queries.one(id);
  }
}
