import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { requestLogging, ROOT_LOGGER } from './common/request-logging';
import { APP_CONFIG, type AppConfig } from './config/app-config';

/** Everything main.ts does to the application, shared with the end-to-end tests. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  // The lines Nest buffered while the application was built go out now, and the buffer closes.
  // NestFactory.create (bufferLogs) flushes only in listen(): an application served by a test
  // through supertest, which never listens, would otherwise keep every later line in memory.
  app.flushLogs();
  // First, before Nest's own middleware (registered at init): the request id and the
  // request-bound logger that nestjs-pino then carries through the request.
  app.use(requestLogging(app.get<PinoLogger>(ROOT_LOGGER)));
  const config = app.get<AppConfig>(APP_CONFIG);
  const express = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void };
  if (config.trustProxy) express.set('trust proxy', config.trustProxy);
  // No ETag computed from every body: answers are no-store (below), so no client ever sends it
  // back. The handlers whose answers may be cached (assets, calendar feeds, files) set their own.
  express.set('etag', false);
  // Pages: no inline script or style, no framing, forms post to this site only. The OpenAPI UI
  // at /api/docs needs inline scripts and styles: it alone gets a looser policy.
  const strict = helmet({
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'form-action': ["'self'"], 'frame-ancestors': ["'none'"] },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'frame-ancestors': ["'none'"] },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
  // Answers carry people's tasks and figures: no cache keeps them unless the handler says so
  // (static assets, the calendar feed, the probes set their own). The OpenAPI UI may be cached.
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith('/api/docs')) return docs(request, response, next);
    response.setHeader('Cache-Control', 'no-store');
    strict(request, response, next);
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('phuluc API')
      .setDescription('Kế hoạch, danh bạ cơ quan và các dòng phụ lục nhiệm vụ được chạy như quy trình.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
