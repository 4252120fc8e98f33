import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { Acting, type ActingUser } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { contentDisposition } from '../deliverables/domain/file-names';
import { type GeneratedDocument, type RenderedDocument, REPORT_FORMATS, reportFormat, ReportsService } from './reports.service';

export class AnnualReportQuery {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsIn(['annual', 'final']) kind?: 'annual' | 'final';
  @IsOptional() @IsIn(REPORT_FORMATS) format?: string;
}

export class DraftReportBody {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsIn(['annual', 'final']) kind?: 'annual' | 'final';
}

export class ReminderLetterBody {
  @IsString() agency!: string;
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class DocumentsQuery {
  @IsOptional() @IsIn(['annual-report', 'final-report', 'reminder-letter']) kind?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsString() agency?: string;
}

/** Sends a generated document; the HTML preview may use exactly its own inline stylesheet. */
export function sendDocument(response: Response, rendered: RenderedDocument, styleHash: string, inline = false): void {
  response.setHeader('Content-Type', rendered.contentType);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (rendered.contentType.startsWith('text/html')) {
    response.setHeader('Content-Security-Policy', `default-src 'none'; style-src '${styleHash}'; img-src 'self'; frame-ancestors 'none'; form-action 'none'`);
  }
  response.setHeader('Content-Disposition', inline ? 'inline' : contentDisposition(rendered.fileName));
  response.send(rendered.body);
}

@ApiTags('reports')
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private thisYear(): number {
    return Number(vietnamDate(this.clock.now()).slice(0, 4));
  }

  @Get('reports/annual')
  @ApiOperation({
    summary:
      'Báo cáo năm (kind=annual) hoặc tổng kết (kind=final) của kế hoạch, lập từ sản phẩm các cơ quan đã gửi: DOCX theo thể thức Nghị định 30/2020, HTML xem trước hoặc phụ lục XLSX. Chỉ tạo để xem, không lưu.',
  })
  async annual(@Query() q: AnnualReportQuery, @Res() response: Response): Promise<void> {
    const format = reportFormat(q.format);
    const model = await this.reports.annualModel({ plan: q.plan, year: q.year ?? this.thisYear(), kind: q.kind });
    sendDocument(response, await this.reports.renderAnnual(model, format), this.reports.htmlStyleHash, format === 'html');
  }

  @Post('reports/annual')
  @HttpCode(201)
  @ApiOperation({ summary: 'Lập dự thảo báo cáo (DOCX), lưu và đính kèm nhiệm vụ VI.1 của năm (VI.2 với báo cáo tổng kết).' })
  async draft(@Body() body: DraftReportBody, @Acting() user: ActingUser): Promise<GeneratedDocument> {
    return (await this.reports.draftAnnual({ plan: body.plan, year: body.year ?? this.thisYear(), kind: body.kind }, user.id)).document;
  }

  @Post('reports/reminder-letters')
  @HttpCode(201)
  @ApiOperation({ summary: 'Lập công văn đôn đốc (DOCX) gửi thủ trưởng một cơ quan, liệt kê các nhiệm vụ quá hạn chưa hoàn thành; lưu lại.' })
  async reminderLetter(@Body() body: ReminderLetterBody, @Acting() user: ActingUser): Promise<GeneratedDocument> {
    return (await this.reports.reminderLetter({ agency: body.agency, plan: body.plan, year: body.year }, user.id)).document;
  }

  @Get('documents')
  @ApiOperation({ summary: 'Các văn bản phuluc đã lập (dự thảo báo cáo, công văn đôn đốc), mới nhất trước.' })
  async documents(@Query() q: DocumentsQuery): Promise<GeneratedDocument[]> {
    return this.reports.documents(q);
  }

  @Get('documents/:id')
  @ApiOperation({ summary: 'Tải một văn bản đã lập.' })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const file = await this.reports.open(id);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', file.size);
    response.setHeader('Content-Disposition', contentDisposition(file.fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    file.content.pipe(response);
  }
}
