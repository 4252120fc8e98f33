import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { AgenciesQueries } from './agencies.queries';

export class AgencyListQuery {
  @IsOptional() @IsIn(['city', 'commune']) level?: 'city' | 'commune';
  @IsOptional() @Matches(/^[a-z_]+$/) kind?: string;
  @IsOptional() @IsIn(['true', 'false']) includeRetired?: 'true' | 'false';
}

@ApiTags('agencies')
@Controller('api')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesQueries) {}

  @Get('agencies')
  @ApiOperation({ summary: 'Danh bạ cơ quan, đơn vị (cấp thành phố và cấp xã)' })
  @ApiQuery({ name: 'level', required: false, enum: ['city', 'commune'] })
  @ApiQuery({ name: 'kind', required: false, example: 'ubnd_cap_xa' })
  @ApiQuery({ name: 'includeRetired', required: false, type: Boolean })
  list(@Query() query: AgencyListQuery) {
    return this.agencies.listAgencies({ level: query.level, kind: query.kind, includeRetired: query.includeRetired === 'true' });
  }

  @Get('groups')
  @ApiOperation({ summary: 'Nhóm cơ quan (UBND các xã, phường, đặc khu; BHXH cơ sở; …) và thành viên' })
  groups() {
    return this.agencies.listGroups();
  }
}
