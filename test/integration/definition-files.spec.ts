import { promises as fs, readFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatProblem } from '../../src/modules/definitions/files/definition-error';
import { readDefinitionSet } from '../../src/modules/definitions/files/read-definition-set';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'definitions');
const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');

/**
 * Each file in fixtures/definitions/broken replaces one file of the small valid set (the part of
 * its name before the first "-" says which) and lists, in `# expect:` lines, exactly the problems
 * it must produce. Binary fixtures keep their expectations in a `.expect` file beside them.
 */
const brokenCases = readdirSync(path.join(FIXTURES, 'broken'))
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => {
    const full = path.join(FIXTURES, 'broken', file);
    const sidecar = full.replace(/\.yaml$/, '.expect');
    const text = readFileSync(readdirSync(path.dirname(full)).includes(path.basename(sidecar)) ? sidecar : full, 'latin1');
    const expected = Buffer.from(text, 'latin1')
      .toString('utf8')
      .split('\n')
      .filter((l) => l.startsWith('# expect: '))
      .map((l) => l.slice('# expect: '.length));
    return { file, replaces: `${file.split('-')[0]}.yaml`, expected };
  });

async function setWith(replacement: { file: string; replaces: string }): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-defs-'));
  for (const name of await fs.readdir(path.join(FIXTURES, 'valid'))) {
    if (name !== replacement.replaces) await fs.copyFile(path.join(FIXTURES, 'valid', name), path.join(dir, name));
  }
  await fs.copyFile(path.join(FIXTURES, 'broken', replacement.file), path.join(dir, replacement.replaces));
  return dir;
}

describe('definition files', () => {
  it('the valid fixture set has no problems', async () => {
    const result = await readDefinitionSet(path.join(FIXTURES, 'valid'), path.join(FIXTURES, 'valid'), path.join(FIXTURES, 'valid'));
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.set.plans[0].appendix?.rows.map((r) => r.key)).toEqual(['I.1', 'I.2']);
    expect(result.set.warnings.map((w) => w.item)).toEqual(['BHXH_CO_SO']);
    // No report block: every word of the documents takes the generic default.
    expect(result.set.plans[0].report).toEqual({ numberSymbol: null, recipients: null, letterNumberSymbol: null, letterRecipients: null, letterSigner: null });
  });

  it('has at least ten broken cases, each with expectations', () => {
    expect(brokenCases.length).toBeGreaterThanOrEqual(10);
    for (const c of brokenCases) expect({ file: c.file, count: c.expected.length > 0 }).toEqual({ file: c.file, count: true });
  });

  it.each(brokenCases)('$file gives exactly the expected problems', async (c) => {
    const dir = await setWith(c);
    try {
      const result = await readDefinitionSet(dir, dir, dir);
      expect(result.problems.map(formatProblem).sort()).toEqual([...c.expected].sort());
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a path that does not exist is a clear error', async () => {
    await expect(readDefinitionSet('/nonexistent/phuluc', WORKFLOWS)).rejects.toThrow('không tìm thấy đường dẫn /nonexistent/phuluc');
  });
});

describe('the Hải Phòng definitions in workflows/', () => {
  it('validate without problems: 24 city agencies, 114 communes, 4 groups, the 21 appendix rows', async () => {
    const { set, problems } = await readDefinitionSet(WORKFLOWS, WORKFLOWS, path.dirname(WORKFLOWS));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(set.agencies.filter((a) => a.level === 'city')).toHaveLength(24);
    const communes = set.agencies.filter((a) => a.level === 'commune');
    expect(communes).toHaveLength(114);
    expect(communes.filter((a) => a.unitType === 'xa')).toHaveLength(67);
    expect(communes.filter((a) => a.unitType === 'phuong')).toHaveLength(45);
    expect(communes.filter((a) => a.unitType === 'dac_khu')).toHaveLength(2);
    expect(set.agencies.find((a) => a.code === 'SNV')?.confirmation).toBe('to_be_confirmed');
    expect(set.groups.map((g) => [g.code, g.members.length])).toEqual([
      ['UBND_CAP_XA', 114],
      ['BHXH_CO_SO', 0],
      ['TC_CTXH', 5],
      ['CQ_LIEN_QUAN', 0],
    ]);
    const [plan] = set.plans;
    expect(plan.code).toBe('HP-BHXH-2030');
    expect(plan.horizon).toEqual({ start: '2026-01-01', end: '2031-01-31' });
    expect(plan.monitoringAgency).toBe('SNV');
    // Row VI.1: the city's report goes to the Ministry of Home Affairs and the Ministry of Finance.
    expect(plan.report.recipients?.slice(0, 2)).toEqual(['Bộ Nội vụ', 'Bộ Tài chính']);
    expect(plan.report).toMatchObject({ numberSymbol: 'BC-UBND', letterNumberSymbol: 'SNV-VP', letterSigner: 'KT. Giám đốc – Phó Giám đốc' });
    expect(plan.appendix?.rows.map((r) => r.key)).toEqual([
      'III.6', 'III.7', 'III.8', 'III.9', 'III.10', 'III.11', 'III.12',
      'IV.1', 'IV.2', 'IV.3', 'IV.4', 'IV.5',
      'V.1', 'V.2', 'V.3', 'V.4', 'V.5', 'V.6', 'V.7',
      'VI.1', 'VI.2',
    ]);
    const rows = new Map(plan.appendix!.rows.map((r) => [r.key, r]));
    expect(rows.get('III.6')).toMatchObject({ provenance: 'uncertain', task: '… về phát triển người tham gia BHXH', lead: { text: '… Công nghệ', parties: ['SKHCN'] } });
    expect(rows.get('III.9')?.provenance).toBe('uncertain');
    expect(rows.get('III.11')?.lead.parties).toEqual(['UBND_CAP_XA']);
    expect(rows.get('VI.1')?.timing).toBe('Định kỳ, trước ngày 25/12 hằng năm');
    expect(rows.get('V.7')?.support?.parties).toEqual(['SNV', 'BHXH', 'TTTP', 'BQLKKT', 'SNNMT', 'SCT']);
    expect(rows.get('V.6')?.deliverable).toEqual({ kind: 'metric', name: 'Số cuộc thanh tra', metrics: [{ code: 'inspections', name: 'Số cuộc thanh tra', unit: 'cuộc' }] });
    expect(plan.sections.map((s) => [s.key, s.provenance, s.rowsInSource])).toEqual([
      ['I', 'inferred', false],
      ['II', 'inferred', false],
      ['III', 'inferred', true],
      ['IV', 'verbatim', true],
      ['V', 'verbatim', true],
      ['VI', 'verbatim', true],
    ]);
    expect(plan.sections[2].rowsNotInSource).toEqual(['III.1', 'III.2', 'III.3', 'III.4', 'III.5']);
    const total = plan.indicators.find((i) => i.code === 'participants_total')!;
    expect(total.targets.map((t) => t.value)).toEqual([1184000, 1267000, 1355000, 1450000, 1551000]);
    expect(total.targets[4]).toMatchObject({ year: 2030, provenance: 'uncertain' });
    expect(total.targets[4].note).toContain('1.551.009');
    expect(plan.indicators.find((i) => i.code === 'participants_voluntary')?.targets.map((t) => t.value)).toEqual([99000, 105000, 111000, 118000, 125000]);
  });

  it('validating one plan folder resolves agencies from workflows/directory', async () => {
    const { problems, set } = await readDefinitionSet(path.join(WORKFLOWS, 'hp-bhxh-2030'), WORKFLOWS, path.dirname(WORKFLOWS));
    expect(problems).toEqual([]);
    expect(set.agencies).toHaveLength(138);
  });
});
