import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Acting, type ActingUser, readScope } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { isLocalDate } from '../scheduling/domain/local-date';
import { endOfDayInstant } from '../scheduling/domain/periods';
import { complianceMessages as say } from './compliance.messages';
import { type ComplianceReport, ComplianceService } from './compliance.service';

export class ComplianceQuery {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  /** A day (YYYY-MM-DD: its end in Hà Nội time) or an ISO 8601 instant. */
  @IsOptional() @IsString() asOf?: string;
  @IsOptional() @IsString() section?: string;
  @IsOptional() @IsString() group?: string;
  @IsOptional() @IsString() period?: string;
}

/** A day means its end in Hà Nội time; an instant must carry its offset. */
export function parseAsOf(value: string): Date {
  if (isLocalDate(value)) return new Date(endOfDayInstant(value));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new DomainError('VALIDATION_FAILED', say.badAsOf(value));
}

@ApiTags('compliance')
@Controller('api/compliance')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Tình hình thực hiện của một năm: bốn mức (hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn chưa hoàn thành), tỷ lệ đúng hạn, số ngày làm việc chậm bình quân theo cơ quan, dòng, mục và cả kế hoạch, và danh sách quá hạn. Không ghi asOf: hiện tại, hoặc số liệu chốt ngày 14/12 khi năm đã qua ngày chốt.',
  })
  async figures(@Query() q: ComplianceQuery, @Acting() user: ActingUser): Promise<ComplianceReport> {
    return this.compliance.figures({
      plan: q.plan,
      year: q.year ?? Number(vietnamDate(this.clock.now()).slice(0, 4)),
      asOf: q.asOf ? parseAsOf(q.asOf) : undefined,
      scope: readScope(user),
      section: q.section,
      group: q.group,
      period: q.period,
    });
  }
}
