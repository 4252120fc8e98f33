import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsISO8601, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Acting, type ActingUser, readScope } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { InstancesQueries } from './instances.queries';
import { taskMessages } from './tasks.messages';
import { TasksService } from './tasks.service';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const STATES = ['open', 'submitted', 'accepted', 'returned', 'waived', 'cancelled'];
const CLASSIFICATIONS = ['in-progress-on-time', 'overdue-not-done', 'done-on-time', 'done-late', 'waived', 'cancelled'];

export class InstanceListQuery {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @IsString() row?: string;
  @IsOptional() @IsString() agency?: string;
  @IsOptional() @IsString() period?: string;
  @IsOptional() @IsIn(STATES) state?: string;
  @IsOptional() @IsIn(CLASSIFICATIONS) classification?: string;
  @IsOptional() @Matches(DATE, { message: 'dueFrom phải là ngày dạng YYYY-MM-DD' }) @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dueFrom phải là ngày dạng YYYY-MM-DD' }) dueFrom?: string;
  @IsOptional() @Matches(DATE, { message: 'dueTo phải là ngày dạng YYYY-MM-DD' }) @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dueTo phải là ngày dạng YYYY-MM-DD' }) dueTo?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AdHocInstanceBody {
  @IsString() plan: string;
  @IsString() row: string;
  @Matches(DATE, { message: 'dueDate phải là ngày dạng YYYY-MM-DD' }) @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dueDate phải là ngày dạng YYYY-MM-DD' }) dueDate: string;
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsString({ each: true }) agencies?: string[];
  @IsOptional() @IsString() @MaxLength(500) title?: string;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

@ApiTags('instances')
@Controller('api/instances')
export class InstancesController {
  constructor(
    private readonly instances: InstancesQueries,
    private readonly tasks: TasksService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Các nhiệm vụ (theo kỳ và cơ quan), lọc theo kế hoạch, dòng, cơ quan, kỳ, trạng thái, phân loại, hạn' })
  list(@Query() q: InstanceListQuery, @Acting() user: ActingUser) {
    return this.instances.list({ ...q, page: q.page ?? 1, limit: q.limit ?? 50, scope: readScope(user) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một nhiệm vụ, kèm lịch sử chuyển trạng thái' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Acting() user: ActingUser) {
    return this.instances.get(id, user);
  }

  @Post()
  @ApiOperation({ summary: 'Tạo nhiệm vụ đột xuất cho một dòng có thời gian "đột xuất"' })
  async createAdHoc(@Body() body: AdHocInstanceBody, @Acting() user: ActingUser) {
    if (!user.monitor) throw new DomainError('FORBIDDEN', taskMessages.adHocMonitorOnly);
    const ids = await this.tasks.createAdHoc(body, user.id);
    return { created: await Promise.all(ids.map((id) => this.instances.get(id, user))) };
  }
}
