import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { OutboxQueries } from './outbox.queries';

export class OutboxQuery {
  @IsOptional() @IsIn(['pending', 'sending', 'sent', 'dead', 'cancelled']) state?: string;
  @IsOptional() @IsUUID() instance?: string;
  @IsOptional() @IsString() recipient?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

/** The admin's view of the outbox over HTTP. */
@ApiTags('outbox')
@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxQueries) {}

  @Get()
  @ApiOperation({ summary: 'Hộp thư đi: thư nhắc hạn, báo cáo vượt cấp; lọc theo trạng thái, nhiệm vụ, người nhận' })
  list(@Query() q: OutboxQuery) {
    return this.outbox.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một thư, kèm mọi lần gửi' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.outbox.get(id);
  }

  @Post(':id/requeue')
  @ApiOperation({ summary: 'Gửi lại một thư đã hỏng (dead), ví dụ sau khi sửa địa chỉ người nhận' })
  requeue(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.outbox.requeue(id);
  }
}
