import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActingUser } from '../../src/common/acting-user';
import { fixedClock } from '../../src/common/clock';
import { DomainError } from '../../src/common/domain-error';
import { AuditService } from '../../src/modules/audit/audit.service';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { SubmissionsQueries } from '../../src/modules/deliverables/submissions.queries';
import { SubmissionsService } from '../../src/modules/deliverables/submissions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const focal = (agency: string): ActingUser => ({
  id: `person:${agency.toLowerCase()}`,
  name: `Đầu mối ${agency}`,
  roles: [],
  monitor: false,
  readsAll: false,
  focalPointOf: [agency],
  headOf: [],
});
const monitor: ActingUser = { id: 'person:snv-monitor', name: 'Chuyên viên Sở Nội vụ', roles: ['monitor'], monitor: true, readsAll: true, focalPointOf: ['SNV'], headOf: [] };

/** The code of a DomainError a promise rejects with. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'allowed';
}

/**
 * The agency scope every deliverable action checks, on row V.6 2026 (lead: Thanh tra thành phố;
 * supporting: Công an, Sở Nội vụ, BHXH). Driven through the services with the acting users the
 * sign-in layer will supply; the HTTP layer passes its user to exactly these calls.
 */
describe('deliverables: who may see and do what', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let submissions: SubmissionsService;
  let queries: SubmissionsQueries;
  let lead: string;
  let snv: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PHULUC_FILES_DIR: `/tmp/phuluc-scope-${process.pid}` } });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    submissions = app.get(SubmissionsService);
    queries = app.get(SubmissionsQueries);
    const rows: { id: string; agency_code: string }[] = await app.get(DataSource).query(
      `SELECT t.id, t.agency_code FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = 'V.6' AND t.period_key = '2026' AND t.agency_code IN ('TTTP', 'SNV')`,
    );
    lead = rows.find((r) => r.agency_code === 'TTTP')!.id;
    snv = rows.find((r) => r.agency_code === 'SNV')!.id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const note = (text: string) => ({ files: [], fields: new Map([['note', text]]) });

  it('a focal point of another agency is told the task does not exist', async () => {
    expect(await refusal(submissions.prepare(focal('SKHCN'), snv))).toBe('INSTANCE_NOT_FOUND');
    expect(await refusal(queries.list(focal('SKHCN'), lead))).toBe('INSTANCE_NOT_FOUND');
    // The supporting agency sees its own sub-task, not the lead's task.
    expect(await refusal(queries.list(focal('SNV'), lead))).toBe('INSTANCE_NOT_FOUND');
  });

  it('the supporting agency submits its contribution; the lead sees it and reviews it; nobody else does', async () => {
    const { task } = await submissions.prepare(focal('SNV'), snv);
    await submissions.submit(focal('SNV'), task, note('Sở Nội vụ phối hợp 2 cuộc thanh tra.'));
    // The lead's focal point cannot submit for the supporting agency.
    expect(await refusal(submissions.prepare(focal('TTTP'), snv))).toBe('FORBIDDEN');
    // …but sees the contribution on its own task and on the sub-task.
    const onLead = await queries.list(focal('TTTP'), lead);
    expect(onLead.contributions).toEqual(expect.arrayContaining([expect.objectContaining({ agency: { code: 'SNV', name: expect.any(String) }, status: 'submitted' })]));
    expect((await queries.list(focal('TTTP'), snv)).submissions).toHaveLength(1);
    // The contributor cannot accept its own work; another supporting agency cannot either.
    expect(await refusal(submissions.review(focal('SNV'), snv, { decision: 'accept' }))).toBe('FORBIDDEN');
    expect(await refusal(submissions.review(focal('CATP'), snv, { decision: 'accept' }))).toBe('INSTANCE_NOT_FOUND');
    // The lead returns it, as reviewer, with the default revision time.
    await submissions.review(focal('TTTP'), snv, { decision: 'return', comment: 'Ghi rõ số quyết định thanh tra.' });
    const [row]: { status: string; due_date: string }[] = await app.get(DataSource).query(
      `SELECT status, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM task_instance WHERE id = $1`,
      [snv],
    );
    expect(row).toEqual({ status: 'returned', due_date: '2026-12-17' });
    const [transition]: { actor: string }[] = await app.get(DataSource).query(
      `SELECT actor FROM task_transition WHERE instance_id = $1 AND event = 'return'`,
      [snv],
    );
    expect(transition.actor).toBe('reviewer:person:tttp');
  });

  it('only the monitor reviews a lead task, reopens and waives; a focal point corrects figures only while they wait for review', async () => {
    const { task } = await submissions.prepare(focal('TTTP'), lead);
    // V.6's deliverable is a figure ("Số cuộc thanh tra"): the figures alone make the submission.
    const submissionId = await submissions.submit(focal('TTTP'), task, { files: [], fields: new Map([['figures', '{"inspections": 4}']]) });
    expect(await refusal(submissions.review(focal('TTTP'), lead, { decision: 'accept' }))).toBe('FORBIDDEN');
    expect(await refusal(submissions.updateFigures(focal('SNV'), submissionId, { inspections: 5 }))).toBe('NOT_FOUND');
    await submissions.updateFigures(focal('TTTP'), submissionId, { inspections: 5 });
    await submissions.review(monitor, lead, { decision: 'accept' });
    expect(await refusal(submissions.updateFigures(focal('TTTP'), submissionId, { inspections: 6 }))).toBe('FORBIDDEN');
    expect(await refusal(submissions.close(focal('TTTP'), lead, 'reopen', 'Cần bổ sung'))).toBe('FORBIDDEN');
    await submissions.close(monitor, lead, 'reopen', 'Thanh tra thành phố đề nghị bổ sung số liệu.');
    await submissions.close(monitor, lead, 'waive', 'Đã thanh tra lồng ghép trong kế hoạch năm.');
    const audit = app.get(AuditService);
    const forSnv = await audit.list({ page: 1, limit: 50 }, ['SNV']);
    expect(forSnv.items.every((e: { agencyCode: string }) => e.agencyCode === 'SNV')).toBe(true);
    expect(forSnv.items.map((e: { action: string }) => e.action)).toEqual(['submission.return', 'submission.create']);
    const all = await audit.list({ instance: lead, page: 1, limit: 50 }, 'all');
    expect(all.items.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual([
      'task.waive:person:snv-monitor',
      'task.reopen:person:snv-monitor',
      'submission.accept:person:snv-monitor',
      'figures.update:person:tttp',
      'submission.create:person:tttp',
    ]);
  });
});
