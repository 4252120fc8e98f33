import { Controller, Get, Header, Param, ParseBoolPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PlansQueries } from './plans.queries';

@ApiTags('plans')
@Controller('api/plans')
export class PlansController {
  constructor(private readonly plans: PlansQueries) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách kế hoạch' })
  @ApiOkResponse({ description: 'Các kế hoạch, với cơ quan theo dõi, thời hạn và số dòng phụ lục.' })
  list() {
    return this.plans.listPlans();
  }

  @Get(':code')
  @ApiOperation({ summary: 'Một kế hoạch: căn cứ, các mục, chỉ tiêu theo năm' })
  @ApiParam({ name: 'code', example: 'HP-BHXH-2030' })
  get(@Param('code') code: string) {
    return this.plans.getPlan(code);
  }

  @Get(':code/workflows')
  @ApiOperation({ summary: 'Các dòng phụ lục của kế hoạch (định nghĩa quy trình, phiên bản hiện hành)' })
  @ApiParam({ name: 'code', example: 'HP-BHXH-2030' })
  @ApiQuery({ name: 'includeRetired', required: false, type: Boolean, description: 'Kèm các dòng đã bị bỏ khỏi tệp định nghĩa' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  workflows(@Param('code') code: string, @Query('includeRetired', new ParseBoolPipe({ optional: true })) includeRetired?: boolean) {
    return this.plans.listWorkflowsJson(code, { includeRetired });
  }
}
