import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DefinitionsLoader } from '../../src/modules/definitions/definitions.loader';
import { readDefinitionSet } from '../../src/modules/definitions/files/read-definition-set';
import { ReminderPlanningService } from '../../src/modules/reminders/reminder-planning.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { WorkingCalendarProvider } from '../../src/modules/scheduling/working-calendar.provider';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const VALID = path.join(__dirname, '..', 'fixtures', 'definitions', 'valid');

/** A row with its own ladder in the definition files (fixtures/definitions/valid, row I.1). */
describe('a row that overrides the plan’s reminder ladder', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(buildDataSourceOptions(database.url, { poolSize: 2 })).initialize();
    const { set, problems } = await readDefinitionSet(VALID, VALID, VALID);
    expect(problems).toEqual([]);
    await new DefinitionsLoader(db).load(set);
    await new GenerationService(db, new WorkingCalendarProvider(db)).generate({ until: '2026-12-31' });
    await db.query(`INSERT INTO person (agency_code, role, email) VALUES ('SNV', 'focal-point', 'snv@test.vn'), ('11560', 'focal-point', 'xa@test.vn')`);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('gets its own steps; the other rows keep the plan’s', async () => {
    const planner = new ReminderPlanningService(db, new WorkingCalendarProvider(db), loadConfig({}));
    // I.1 "Hằng năm" is due Thursday 31/12/2026; its ladder starts 5 working days before: 24/12.
    await planner.plan(new Date('2026-12-23T08:00:00+07:00'));
    await planner.plan(new Date('2026-12-24T08:00:00+07:00'));
    // I.2 "Thường xuyên" (6-monthly, due 31/12/2026) follows the default ladder: 3 working days before is 28/12.
    await planner.plan(new Date('2026-12-28T08:00:00+07:00'));
    const items = await db.query(
      `SELECT d.key, i.step, to_char(i.send_on, 'YYYY-MM-DD') AS send_on FROM outbox_item i
         JOIN task_instance t ON t.id = i.instance_id JOIN workflow_definition d ON d.id = t.definition_id
        ORDER BY i.send_on, d.key, i.step`,
    );
    expect(items).toEqual([
      { key: 'I.2', step: 'before-10', send_on: '2026-12-17' },
      { key: 'I.1', step: 'truoc-5', send_on: '2026-12-24' },
      { key: 'I.2', step: 'before-3', send_on: '2026-12-28' },
    ]);
  });

  it('reaches as far ahead as the longest ladder of any row', async () => {
    // 25 working days before Thursday 31/12/2026 is Thursday 26/11/2026: 35 calendar days ahead,
    // beyond what the plan's own ladder (10 working days) needs to look at.
    await db.query(
      `UPDATE workflow_definition_version SET reminders = $1
        WHERE definition_id = (SELECT id FROM workflow_definition WHERE key = 'I.1')`,
      [JSON.stringify({ steps: [{ code: 'truoc-25', offset: -25, to: 'focal-points', template: 'upcoming' }], repeat: null })],
    );
    const planner = new ReminderPlanningService(db, new WorkingCalendarProvider(db), loadConfig({}));
    await planner.plan(new Date('2026-11-26T08:00:00+07:00'));
    const items = await db.query(
      `SELECT i.step, to_char(i.send_on, 'YYYY-MM-DD') AS send_on FROM outbox_item i
         JOIN task_instance t ON t.id = i.instance_id JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = 'I.1' AND i.step = 'truoc-25'`,
    );
    expect(items).toEqual([{ step: 'truoc-25', send_on: '2026-11-26' }]);
  });
});
