import { healthReport } from './health-report';

describe('healthReport', () => {
  const databaseUp = { database: { status: 'up' as const } };
  const databaseDown = { database: { status: 'down' as const, message: 'connection terminated' } };
  const migrationsUp = { migrations: { status: 'up' as const, applied: 12 } };
  const migrationsPending = { migrations: { status: 'down' as const, pending: ['1764662400000-AddPlanReport'] } };

  it.each([
    ['every indicator up', [databaseUp, migrationsUp], { status: 'ok', info: { ...databaseUp, ...migrationsUp }, error: {}, details: { ...databaseUp, ...migrationsUp } }],
    ['one down, one up', [databaseUp, migrationsPending], { status: 'error', info: databaseUp, error: migrationsPending, details: { ...databaseUp, ...migrationsPending } }],
    ['the only one down', [databaseDown], { status: 'error', info: {}, error: databaseDown, details: databaseDown }],
    ['no indicator', [], { status: 'ok', info: {}, error: {}, details: {} }],
  ])('%s', (_case, results, expected) => {
    expect(healthReport(results)).toEqual(expected);
  });

  it('answers what GET /health answered with Terminus: the same JSON, key for key', () => {
    expect(JSON.stringify(healthReport([databaseUp]))).toBe('{"status":"ok","info":{"database":{"status":"up"}},"error":{},"details":{"database":{"status":"up"}}}');
  });
});
