import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { Acting, type ActingUser, readScope } from '../../common/acting-user';
import { AUDIT_ACTIONS, AuditService } from './audit.service';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class AuditQuery {
  @IsOptional() @IsUUID() instance?: string;
  @IsOptional() @IsString() agency?: string;
  @IsOptional() @IsString() actor?: string;
  @IsOptional() @IsIn(AUDIT_ACTIONS as unknown as string[]) action?: string;
  @IsOptional() @Matches(DATE, { message: 'from phải là ngày dạng YYYY-MM-DD' }) @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from phải là ngày dạng YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: 'to phải là ngày dạng YYYY-MM-DD' }) @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to phải là ngày dạng YYYY-MM-DD' }) to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Nhật ký thay đổi: ai làm gì, lúc nào, trước và sau (lọc theo nhiệm vụ, cơ quan, người, hành động, ngày)' })
  list(@Query() q: AuditQuery, @Acting() user: ActingUser) {
    // Days are Hà Nội days, from 00:00 of `from` to the end of `to` (PostgreSQL adds the day:
    // the end of 31/12/9999 is a valid bound there).
    return this.audit.list(
      {
        ...q,
        page: q.page ?? 1,
        limit: q.limit ?? 50,
      },
      readScope(user),
    );
  }
}
