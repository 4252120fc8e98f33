import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { Acting, type ActingUser } from '../../common/acting-user';
import { FiguresQueries } from './figures.queries';

export class FiguresQuery {
  @IsOptional() @IsString() period?: string;
  /** accepted (default): only figures the reviewer accepted; submitted: also those waiting for review. */
  @IsOptional() @IsIn(['accepted', 'submitted']) include?: 'accepted' | 'submitted';
}

@ApiTags('deliverables')
@Controller('api/plans/:plan/rows/:row/figures')
export class FiguresController {
  constructor(private readonly figures: FiguresQueries) {}

  @Get()
  @ApiOperation({ summary: 'Số liệu của một dòng theo kỳ: từng cơ quan, tổng và trung bình (theo lần nộp được chấp nhận mới nhất)' })
  rollUp(@Param('plan') plan: string, @Param('row') row: string, @Query() q: FiguresQuery, @Acting() user: ActingUser) {
    return this.figures.rollUp(user, plan, row, q.period, q.include ?? 'accepted');
  }
}
