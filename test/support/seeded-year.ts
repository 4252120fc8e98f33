import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { DemoSeedService } from '../../src/modules/demo/demo-seed.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';

/**
 * The Hải Phòng definitions of workflows/ loaded, their tasks opened until `until`, and the
 * demonstration year seeded on them (submissions with files and figures, reviews, late tasks):
 * what the compliance, report and export tests read.
 */
export async function seedDemoYear(app: INestApplication, until: string): Promise<void> {
  await app.get(DefinitionsService).load();
  await app.get(GenerationService).generate({ until });
  await app.get(DemoSeedService).seed();
}

/** The id of an appendix row's lead task for an agency and period (e.g. VI.1, SNV, '2026': where the annual report is attached). */
export async function leadTaskId(app: INestApplication, row: string, agency: string, period: string): Promise<string> {
  const [task]: { id: string }[] = await app.get(DataSource).query(
    `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
      WHERE d.key = $1 AND t.agency_code = $2 AND t.role = 'lead' AND t.period_key = $3`,
    [row, agency, period],
  );
  if (!task) throw new Error(`no lead task of ${row} for ${agency} in ${period}`);
  return task.id;
}
