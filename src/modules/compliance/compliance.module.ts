import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { ComplianceController } from './compliance.controller';
import { ComplianceQueries } from './compliance.queries';
import { ComplianceService } from './compliance.service';

@Module({
  imports: [SchedulingModule],
  controllers: [ComplianceController],
  providers: [ComplianceQueries, ComplianceService],
  exports: [ComplianceService, ComplianceQueries],
})
export class ComplianceModule {}
