import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, type ActingUser } from '../../common/acting-user';
import { ChaseService } from './chase.service';

@ApiTags('reminders')
@Controller('api/instances')
export class ChaseController {
  constructor(private readonly chaser: ChaseService) {}

  @Post(':id/chase')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đôn đốc ngay: gửi thư nhắc cho cán bộ đầu mối của nhiệm vụ đang chờ sản phẩm (Sở Nội vụ)' })
  chase(@Param('id', new ParseUUIDPipe()) id: string, @Acting() user: ActingUser) {
    return this.chaser.chase(user, id);
  }
}
