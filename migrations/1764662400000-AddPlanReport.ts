import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * plan.report: the plan's own words for the documents phuluc drafts (plan.yaml `report:`): the
 * report's recipients and number symbol, and the number symbol, recipients and signer of the
 * monitor's reminder letters. Keys left out (and plans loaded before this column) take the
 * generic defaults of the reports module; the next load of the definitions fills it.
 */
export class AddPlanReport1764662400000 implements MigrationInterface {
  name = 'AddPlanReport1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan ADD COLUMN report jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(report) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan DROP COLUMN report`);
  }
}
