import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import etag from 'etag';
import { Acting, type ActingUser } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { CalendarFeedsService } from './calendar-feeds.service';
import { exportMessages as say } from './exports.messages';

export class FeedBody {
  /** The agency whose due dates the feed lists; absent: the person's own agencies. */
  @IsOptional() @IsString() agency?: string;
}

@ApiTags('exports')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Post('api/calendar-feeds')
  @ApiOperation({ summary: 'Tạo lịch iCalendar riêng (địa chỉ bí mật, hiện một lần) các hạn nhiệm vụ của một cơ quan hoặc của tôi' })
  create(@Acting() user: ActingUser, @Body() body: FeedBody) {
    return this.feeds.create(user, body.agency);
  }

  @Get('api/calendar-feeds')
  @ApiOperation({ summary: 'Các lịch iCalendar của tôi' })
  list(@Acting() user: ActingUser) {
    return this.feeds.list(user);
  }

  @Delete('api/calendar-feeds/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Thu hồi một lịch iCalendar' })
  async revoke(@Acting() user: ActingUser, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.feeds.revoke(user, id);
  }

  /** What calendar programs poll: the secret in the path stands for the sign-in. */
  @Get('lich/:file')
  @ApiExcludeEndpoint()
  async feed(@Param('file') file: string, @Res() response: Response) {
    const match = /^([A-Za-z0-9_-]{43})\.ics$/u.exec(file);
    const ics = match ? await this.feeds.render(match[1]) : undefined;
    if (!ics) throw new DomainError('NOT_FOUND', say.feedNotFound);
    response.type('text/calendar; charset=utf-8');
    response.setHeader('Cache-Control', 'private, max-age=300');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // Calendar programs poll: an unchanged feed answers 304 (Express compares If-None-Match).
    response.setHeader('ETag', etag(ics));
    response.send(ics);
  }
}
