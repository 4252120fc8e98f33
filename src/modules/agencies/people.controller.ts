import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEmailAddress } from '../../common/validation';
import { PeopleService, PERSON_ROLES, type PersonRole } from './people.service';

export class PersonBody {
  @IsString() agency: string;
  @IsIn(PERSON_ROLES as unknown as string[]) role: PersonRole;
  @IsEmailAddress() email: string;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(200) title?: string;
  @IsOptional() @IsString() @MaxLength(50) phone?: string;
}

export class PeopleQuery {
  @IsOptional() @IsString() agency?: string;
  @IsOptional() @IsIn(['true', 'false']) includeInactive?: string;
}

@ApiTags('people')
@Controller('api/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOperation({ summary: 'Cán bộ đầu mối và thủ trưởng của các cơ quan (người nhận nhắc hạn)' })
  list(@Query() q: PeopleQuery) {
    return this.people.list({ agency: q.agency, includeInactive: q.includeInactive === 'true' });
  }

  @Post()
  @ApiOperation({ summary: 'Thêm (hoặc cập nhật) cán bộ đầu mối / thủ trưởng của một cơ quan' })
  add(@Body() body: PersonBody) {
    return this.people.add(body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Ngừng gửi thư cho một người (không xóa lịch sử)' })
  deactivate(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.people.deactivate(id);
  }
}
