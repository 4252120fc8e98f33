import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The folder of phuluc's package.json, from src/ under ts-jest or from dist/src when built. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Everything the application reads from its environment, validated once. */
export interface AppConfig {
  /** External PostgreSQL; undefined means "start the embedded server". */
  databaseUrl?: string;
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 picks a free one at each start. */
  embeddedDatabasePort: number;
  port: number;
  host: string;
  publicUrl: string;
  workflowsDir: string;
  templatesDir: string;
  /** Seconds between scheduler ticks in `serve`; 0 turns the scheduler off. */
  tickSeconds: number;
  /** E-mails per second for all processes together (shared through the database). */
  mailRatePerSecond: number;
  /** Backoff of the first retry after a temporary SMTP failure; doubles each attempt. */
  mailRetryBaseSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  smtpUrl?: string;
  mailFrom: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Where uploaded files go: local disk under `filesDir`, or an S3-compatible store (`s3://…`). */
  storage: { driver: 'disk'; filesDir: string } | { driver: 's3'; url: string };
  /** Upload size limit in bytes (a row may set its own). */
  maxUploadBytes: number;
  /**
   * Express's "trust proxy": which proxies' X-Forwarded-For to believe for the client address
   * (sign-in throttling, logs). Default none; behind a load balancer e.g. "loopback" or its address.
   */
  trustProxy: string | false;
  /** A session ends after this long without a request… */
  sessionIdleMinutes: number;
  /** …and this long after sign-in, whatever happens. */
  sessionMaxHours: number;
  /**
   * On SIGTERM, how long an HTTP process keeps serving with /health/ready at 503 before it closes,
   * so that a load balancer stops sending it requests first.
   */
  shutdownDelaySeconds: number;
  /** How long a resolved API token is reused in this process (0: looked up on every request). */
  tokenCacheSeconds: number;
  /** 'none' (files are recorded as not scanned), 'eicar' (the EICAR test signature only) or clamd. */
  virusScanner: { kind: 'none' } | { kind: 'eicar' } | { kind: 'clamd'; host: string; port: number };
  /** Bearer token that lets Prometheus read GET /metrics without an account; unset: admins only. */
  metricsToken?: string;
  /** A process without HTTP (serve --no-http) answers GET /metrics and /health/live on this port. */
  metricsPort?: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parsePort(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    problems.push(`${name}="${raw}" phải là số cổng từ 0 đến 65535`);
    return fallback;
  }
  return value;
}

function parseNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    problems.push(`${name}="${raw}" phải là số từ ${min} đến ${max}`);
    return fallback;
  }
  return value;
}

function parseUrl(name: string, raw: string | undefined, protocols: string[], problems: string[]): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} phải bắt đầu bằng ${protocols.map((p) => p + '//').join(' hoặc ')}`);
    }
    return raw;
  } catch {
    problems.push(`${name} không phải là một địa chỉ URL hợp lệ`);
    return undefined;
  }
}

/** Reads and validates the environment. The only place in the code base that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const port = parsePort('PORT', env.PORT, 3000, problems);
  const embeddedDatabasePort = parsePort('PHULUC_EMBEDDED_PG_PORT', env.PHULUC_EMBEDDED_PG_PORT, 0, problems);
  const tickSeconds = parseNumber('PHULUC_TICK_SECONDS', env.PHULUC_TICK_SECONDS, 60, 0, 86400, problems);
  const mailRatePerSecond = parseNumber('MAIL_RATE_PER_SECOND', env.MAIL_RATE_PER_SECOND, 20, 0.01, 10000, problems);
  const mailRetryBaseSeconds = parseNumber('MAIL_RETRY_BASE_SECONDS', env.MAIL_RETRY_BASE_SECONDS, 30, 1, 3600, problems);
  const host = env.HOST || '0.0.0.0';
  const logLevel = (env.LOG_LEVEL || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL phải là một trong: ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'], problems);
  const smtpUrl = parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:'], problems);
  const publicUrl = parseUrl('PUBLIC_URL', env.PUBLIC_URL, ['http:', 'https:'], problems) ?? `http://localhost:${port}`;
  const sessionIdleMinutes = parseNumber('PHULUC_SESSION_IDLE_MINUTES', env.PHULUC_SESSION_IDLE_MINUTES, 30, 1, 24 * 60, problems);
  const sessionMaxHours = parseNumber('PHULUC_SESSION_MAX_HOURS', env.PHULUC_SESSION_MAX_HOURS, 10, 1, 24 * 30, problems);
  const shutdownDelaySeconds = parseNumber('PHULUC_SHUTDOWN_DELAY_SECONDS', env.PHULUC_SHUTDOWN_DELAY_SECONDS, 0, 0, 300, problems);
  const tokenCacheSeconds = parseNumber('PHULUC_TOKEN_CACHE_SECONDS', env.PHULUC_TOKEN_CACHE_SECONDS, 1, 0, 60, problems);
  const maxUploadMB = parseNumber('PHULUC_MAX_UPLOAD_MB', env.PHULUC_MAX_UPLOAD_MB, 50, 1, 2048, problems);
  const storageUrl = parseUrl('PHULUC_STORAGE_URL', env.PHULUC_STORAGE_URL, ['s3:'], problems);
  const virusScanner = parseVirusScanner(env.PHULUC_VIRUS_SCANNER, problems);
  const dataDir = path.resolve(cwd, env.PHULUC_DATA_DIR || 'data');
  const metricsToken = env.PHULUC_METRICS_TOKEN || undefined;
  const metricsPort = env.PHULUC_METRICS_PORT ? parsePort('PHULUC_METRICS_PORT', env.PHULUC_METRICS_PORT, 0, problems) : undefined;
  if (metricsPort !== undefined && !metricsToken) problems.push('PHULUC_METRICS_PORT cần PHULUC_METRICS_TOKEN: cổng số liệu theo dõi không có đăng nhập, chỉ trả lời khi có mã');
  if (metricsToken !== undefined && !/^[\x21-\x7e]{32,}$/.test(metricsToken)) {
    problems.push('PHULUC_METRICS_TOKEN phải dài ít nhất 32 ký tự, không có khoảng trắng hay dấu tiếng Việt');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    databaseUrl,
    dataDir,
    embeddedDatabasePort,
    port,
    host,
    publicUrl: publicUrl.replace(/\/$/, ''),
    workflowsDir: path.resolve(cwd, env.PHULUC_WORKFLOWS_DIR || 'workflows'),
    // Templates are part of the product (not of a deployment's definitions): found beside the code.
    templatesDir: env.PHULUC_TEMPLATES_DIR ? path.resolve(cwd, env.PHULUC_TEMPLATES_DIR) : path.join(packageRoot(), 'templates'),
    tickSeconds,
    mailRatePerSecond,
    mailRetryBaseSeconds,
    logLevel,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'phuluc <no-reply@localhost>',
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    storage: storageUrl
      ? { driver: 's3', url: storageUrl }
      : { driver: 'disk', filesDir: env.PHULUC_FILES_DIR ? path.resolve(cwd, env.PHULUC_FILES_DIR) : path.join(dataDir, 'files') },
    maxUploadBytes: Math.round(maxUploadMB * 1024 * 1024),
    sessionIdleMinutes,
    sessionMaxHours,
    tokenCacheSeconds,
    shutdownDelaySeconds,
    trustProxy: env.PHULUC_TRUST_PROXY ? env.PHULUC_TRUST_PROXY : false,
    virusScanner,
    metricsToken,
    metricsPort,
  };
}

/** `none` (default), `eicar`, or `clamd://host:port` (ClamAV's daemon over TCP). */
function parseVirusScanner(raw: string | undefined, problems: string[]): AppConfig['virusScanner'] {
  if (!raw || raw === 'none') return { kind: 'none' };
  if (raw === 'eicar') return { kind: 'eicar' };
  const match = /^clamd:\/\/([^:/]+):(\d{1,5})\/?$/.exec(raw);
  if (match && Number(match[2]) <= 65535) return { kind: 'clamd', host: match[1], port: Number(match[2]) };
  problems.push(`PHULUC_VIRUS_SCANNER="${raw}" phải là none, eicar hoặc clamd://máy-chủ:cổng`);
  return { kind: 'none' };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
