import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Metrics } from './metrics';
import { MetricsErrorFilter } from './metrics-error.filter';

/**
 * GET /metrics for a signed-in admin (the access matrix's rule). Prometheus, which cannot sign
 * in, is answered before the guard by MetricsTokenMiddleware when it carries PHULUC_METRICS_TOKEN.
 */
@ApiTags('metrics')
@Controller('metrics')
@UseFilters(MetricsErrorFilter)
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({
    summary: 'Số đo cho Prometheus (định dạng văn bản 0.0.4): quản trị viên, hoặc Authorization: Bearer <PHULUC_METRICS_TOKEN>',
  })
  @ApiProduces('text/plain')
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    // setHeader and end, not Express's set/send: they would reorder the type's parameters (charset first).
    response.status(200).setHeader('Content-Type', contentType);
    response.end(body);
  }
}
