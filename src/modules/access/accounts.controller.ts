import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../common/validation';
import { Acting, ACCOUNT_ROLES, type AccountRole, type ActingUser } from '../../common/acting-user';
import { accountIdOf } from './account-json';
import { AccountsService } from './accounts.service';
import { TokensService } from './tokens.service';

export class CreateUserBody {
  @IsEmailAddress({ message: 'email phải là địa chỉ e-mail hợp lệ' }) email: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(ACCOUNT_ROLES as unknown as string[], { each: true }) roles?: AccountRole[];
  @IsOptional() @IsArray() @IsString({ each: true }) focalPointOf?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) headOf?: string[];
  @IsOptional() @IsString() password?: string;
}

export class RolesBody {
  @IsArray() @ArrayUnique() @IsIn(ACCOUNT_ROLES as unknown as string[], { each: true }) roles: AccountRole[];
  @IsArray() @IsString({ each: true }) focalPointOf: string[];
  @IsArray() @IsString({ each: true }) headOf: string[];
}

export class TokenBody {
  @IsString() @MinLength(1) @MaxLength(100) name: string;
}

@ApiTags('access')
@ApiBearerAuth()
@Controller('api')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokensService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'Người dùng hiện tại: vai trò và các cơ quan' })
  me(@Acting() user: ActingUser) {
    return { id: user.id, name: user.name, email: user.email, roles: user.roles, focalPointOf: user.focalPointOf, headOf: user.headOf };
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Các mã truy cập API của tôi' })
  listTokens(@Acting() user: ActingUser) {
    return this.tokens.list(accountIdOf(user));
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Tạo mã truy cập API (chỉ hiện một lần), mang quyền của chính tôi' })
  async createToken(@Acting() user: ActingUser, @Body() body: TokenBody) {
    const { token, view } = await this.tokens.create(accountIdOf(user), body.name);
    return { ...view, token };
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Thu hồi một mã truy cập (của tôi; quản trị viên: bất kỳ)' })
  async revokeToken(@Acting() user: ActingUser, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.tokens.revoke(id, user.roles.includes('admin') ? undefined : accountIdOf(user));
  }

  @Get('users')
  @ApiOperation({ summary: 'Tài khoản và vai trò (quản trị viên)' })
  list() {
    return this.accounts.list();
  }

  @Post('users')
  @ApiOperation({ summary: 'Tạo hoặc cập nhật tài khoản; không có mật khẩu thì sinh mật khẩu (chỉ hiện một lần)' })
  create(@Body() body: CreateUserBody) {
    // "password": null passes @IsOptional: it means "none given", as an absent one does.
    return this.accounts.upsert({ ...body, password: body.password ?? undefined });
  }

  @Put('users/:id/roles')
  @ApiOperation({ summary: 'Đặt lại vai trò của tài khoản (toàn hệ thống và theo cơ quan)' })
  setRoles(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RolesBody) {
    return this.accounts.setRoles(id, body.roles, body);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Khóa tài khoản: mọi phiên và mã truy cập ngừng hoạt động ngay' })
  disable(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.accounts.setDisabled(id, true);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mở khóa tài khoản' })
  enable(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.accounts.setDisabled(id, false);
  }
}
