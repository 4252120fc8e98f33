import * as path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('has defaults that run on a fresh machine: embedded database, ./data, port 3000', () => {
    const config = loadConfig({}, '/srv/phuluc');
    expect(config).toMatchObject({
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/phuluc/data'),
      workflowsDir: path.resolve('/srv/phuluc/workflows'),
      embeddedDatabasePort: 0,
      port: 3000,
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
    });
  });

  it('reads the documented variables', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u:p@db:5432/phuluc',
        PHULUC_DATA_DIR: '/var/lib/phuluc',
        PORT: '8080',
        PUBLIC_URL: 'https://phuluc.haiphong.gov.vn/',
        SMTP_URL: 'smtp://relay:25',
        MAIL_FROM: 'phuluc <phuluc@haiphong.gov.vn>',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/phuluc',
      dataDir: '/var/lib/phuluc',
      port: 8080,
      publicUrl: 'https://phuluc.haiphong.gov.vn',
      smtpUrl: 'smtp://relay:25',
      mailFrom: 'phuluc <phuluc@haiphong.gov.vn>',
    });
  });

  it('reads PHULUC_METRICS_PORT, which needs the token (the port has no sign-in)', () => {
    expect(loadConfig({ PHULUC_METRICS_PORT: '9464', PHULUC_METRICS_TOKEN: 'b'.repeat(40) }).metricsPort).toBe(9464);
    expect(() => loadConfig({ PHULUC_METRICS_PORT: '9464' })).toThrow(/PHULUC_METRICS_PORT cần PHULUC_METRICS_TOKEN/u);
    expect(loadConfig({}).metricsPort).toBeUndefined();
  });

  it('reads PHULUC_METRICS_TOKEN (unset: only admins read /metrics)', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ PHULUC_METRICS_TOKEN: 'a'.repeat(64) }).metricsToken).toBe('a'.repeat(64));
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc" phải là số cổng từ 0 đến 65535'],
    [{ PORT: '70000' }, 'PORT="70000" phải là số cổng từ 0 đến 65535'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL phải bắt đầu bằng postgres:// hoặc postgresql://'],
    [{ DATABASE_URL: 'không phải url' }, 'DATABASE_URL không phải là một địa chỉ URL hợp lệ'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL phải là một trong: fatal, error, warn, info, debug, trace, silent'],
    [{ PHULUC_EMBEDDED_PG_PORT: '-1' }, 'PHULUC_EMBEDDED_PG_PORT="-1" phải là số cổng từ 0 đến 65535'],
    [{ PHULUC_METRICS_TOKEN: 'ngan-qua' }, 'PHULUC_METRICS_TOKEN phải dài ít nhất 32 ký tự'],
    [{ PHULUC_METRICS_TOKEN: 'mã đo lường có khoảng trắng và dấu tiếng Việt' }, 'PHULUC_METRICS_TOKEN phải dài ít nhất 32 ký tự'],
  ])('%j is refused: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
