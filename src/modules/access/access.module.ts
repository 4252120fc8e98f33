import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { ActingUserCache } from './acting-user-cache';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { SessionsService } from './sessions.service';
import { SigninService } from './signin.service';
import { TokensService } from './tokens.service';

@Global()
@Module({
  controllers: [AccountsController],
  providers: [ActingUserCache, AccountsService, SessionsService, TokensService, SigninService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [ActingUserCache, AccountsService, SessionsService, TokensService, SigninService],
})
export class AccessModule {}
