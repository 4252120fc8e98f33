import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import busboy from 'busboy';
import { Type } from 'class-transformer';
import { IsArray, IsISO8601, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { Request } from 'express';
import { Acting, type ActingUser, readScope } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { indicatorServiceMessages as say } from './indicators.messages';
import { IndicatorsService } from './indicators.service';

const MAX_ALLOCATION_BYTES = 5 * 1024 * 1024;

export class IndicatorsQuery {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/u) @IsISO8601({ strict: true, strictSeparator: true }) asOf?: string;
}

export class ActualBody {
  @IsOptional() @IsString() plan?: string;
  /** Absent or null: the whole city. */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @IsNotEmpty() agency?: string | null;
  /** YYYY-MM-DD or dd/mm/yyyy. */
  @IsString() asOf!: string;
  /** A number, or Vietnamese text such as "1.190.250". */
  @ValidateIf(() => true) value!: string | number;
  @IsString() @MaxLength(500) source!: string;
}

export class ProposalBody {
  @IsOptional() @IsString() plan?: string;
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsOptional() @IsString() agency?: string;
  /** Indicator code → proposed value ("12.500" or 12500). */
  @IsObject() values!: Record<string, string | number>;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ApproveBody {
  @IsOptional() @IsString() plan?: string;
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsOptional() @IsArray() @IsString({ each: true }) agencies?: string[];
  @IsOptional() @IsString() indicator?: string;
}

/** The one file of a multipart form, read into memory (allocation tables are small). */
function readOneFile(request: Request): Promise<{ name: string; bytes: Buffer; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: MAX_ALLOCATION_BYTES, fields: 5 } });
    } catch {
      reject(new DomainError('VALIDATION_FAILED', say.fileRequired));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { name: string; chunks: Buffer[]; tooLarge: boolean } | undefined;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      // A form cut short errs on the file part too; the parser's own error answers the request.
      stream.on('error', () => undefined);
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const current = { name: info.filename || 'phan-bo', chunks: [] as Buffer[], tooLarge: false };
      file = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      stream.on('limit', () => (current.tooLarge = true));
    });
    parser.on('error', () => reject(new DomainError('VALIDATION_FAILED', say.fileRequired)));
    parser.on('close', () => {
      if (!file) return reject(new DomainError('VALIDATION_FAILED', say.fileRequired));
      if (file.tooLarge) return reject(new DomainError('FILE_TOO_LARGE', `Tệp lớn quá ${MAX_ALLOCATION_BYTES / 1024 / 1024} MB.`));
      resolve({ name: file.name, bytes: Buffer.concat(file.chunks), fields });
    });
    request.pipe(parser);
  });
}

@ApiTags('indicators')
@Controller('api/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Các chỉ tiêu của kế hoạch trong một năm: chỉ tiêu giao, số liệu thực hiện (toàn thành phố và từng cơ quan, xã), phân bổ, tiến độ so với đường thẳng từ đầu năm đến chỉ tiêu, cờ "chậm" (behind).',
  })
  async overview(@Query() q: IndicatorsQuery, @Acting() user: ActingUser) {
    return this.indicators.overview({ plan: q.plan, year: q.year, asOf: q.asOf, scope: readScope(user) });
  }

  @Post(':code/actuals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Nhập số liệu thực hiện của một chỉ tiêu tại một ngày, có nguồn (BHXH thành phố, Sở Nội vụ, hoặc cơ quan cho chính mình). Nhập lại cùng ngày thì thay thế.' })
  async actual(@Param('code') code: string, @Body() body: ActualBody, @Acting() user: ActingUser) {
    return this.indicators.recordActual(user, code, body, body.plan);
  }

  @Post('allocations')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Nhập bảng phân bổ chỉ tiêu (CSV hoặc XLSX, trường "file"; cột ma_co_quan, chi_tieu, nam, gia_tri, ghi_chu). Có lỗi thì không ghi gì và trả về từng lỗi (dòng, cột).' })
  async importAllocations(@Req() request: Request, @Acting() user: ActingUser) {
    const file = await readOneFile(request);
    return this.indicators.importAllocations(user, file, file.fields.plan || undefined);
  }

  @Post('proposals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Cơ quan, xã đề xuất chỉ tiêu năm của mình (mục IV của kế hoạch); Sở Nội vụ duyệt.' })
  async propose(@Body() body: ProposalBody, @Acting() user: ActingUser) {
    return this.indicators.propose(user, body, body.plan);
  }

  @Post('proposals/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sở Nội vụ duyệt các đề xuất đang chờ: giá trị đề xuất thành chỉ tiêu phân bổ.' })
  async approve(@Body() body: ApproveBody, @Acting() user: ActingUser) {
    return this.indicators.approve(user, body, body.plan);
  }
}
