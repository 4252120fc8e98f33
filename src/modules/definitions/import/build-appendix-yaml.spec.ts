import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { writeAppendixXlsx } from '../../../../test/fixtures/import/make-xlsx';
import type { DefinitionProblem } from '../files/definition-error';
import { readDefinitionSet } from '../files/read-definition-set';
import { groupAppendixRows } from './appendix-rows';
import { buildAppendixDefinitions, type AppendixBuildResult, type PlanSectionDraft } from './build-appendix-yaml';
import { readAppendixTable, type TableRow } from './read-appendix-table';
import type { PartyDirectory } from './resolve-parties';

const ROOT = path.join(__dirname, '../../../..');
const WORKFLOWS = path.join(ROOT, 'workflows');
const FIXTURES = path.join(ROOT, 'test/fixtures/import');

let directory: PartyDirectory;
let tmp: string;
beforeAll(async () => {
  const { set, problems } = await readDefinitionSet(path.join(WORKFLOWS, 'directory'), WORKFLOWS);
  expect(problems).toEqual([]);
  directory = set;
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-import-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function importFixture(name: string, planCode: string): Promise<AppendixBuildResult> {
  const table = await readAppendixTable(await fs.readFile(path.join(FIXTURES, name)), name);
  if (!table.ok) throw new Error(table.error.message);
  return buildFromTable(table.rows, planCode, name);
}

function buildFromTable(rows: TableRow[], planCode = 'TEST-PLAN', fileName = 'phu-luc.csv'): AppendixBuildResult {
  const grouped = groupAppendixRows(rows);
  return buildAppendixDefinitions({ planCode, fileName, sections: grouped.sections, rows: grouped.rows, directory });
}

/** Writes the files into a fresh folder and runs the real validator on them. */
async function validate(files: Record<string, string>): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(tmp, 'plan-'));
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  const { problems } = await readDefinitionSet(dir, WORKFLOWS, dir);
  return problems.map((p: DefinitionProblem) => `${p.file}:${p.line ?? ''} [${p.item ?? ''}] ${p.path}: ${p.message}`);
}

function draftPlan(code: string, sections: PlanSectionDraft[]): string {
  return stringify({
    kind: 'plan',
    code,
    title: 'Kế hoạch nhập thử',
    issuer: 'Ủy ban nhân dân thành phố Hải Phòng',
    monitoringAgency: 'SNV',
    horizon: { start: '2026-01-01', end: '2027-12-31' },
    status: 'draft',
    sections,
  });
}

const row = (line: number, cells: Partial<TableRow>): TableRow => ({
  line,
  section: '',
  number: '',
  task: '',
  lead: '',
  support: '',
  deliverable: '',
  timing: '',
  extraCells: [],
  ...cells,
});

describe('buildAppendixDefinitions: the Hải Phòng appendix, imported', () => {
  let result: AppendixBuildResult;
  beforeAll(async () => {
    result = await importFixture('hai-phong-appendix.csv', 'HP-BHXH-2030');
  });

  it('reproduces workflows/hp-bhxh-2030/appendix.yaml except where the CSV cannot know better', () => {
    type Row = Record<string, unknown> & { key: string; lead: { text: string }; deliverable: { metrics?: { code: string }[] } };
    const imported = parse(result.appendixYaml) as { kind: string; plan: string; rows: Row[] };
    const written = parse(readFileSync(path.join(WORKFLOWS, 'hp-bhxh-2030/appendix.yaml'), 'utf8')) as { rows: Row[] };
    expect([imported.kind, imported.plan]).toEqual(['appendix', 'HP-BHXH-2030']);
    expect(imported.rows.map((r) => r.key)).toEqual(written.rows.map((r) => r.key));
    // Known differences: the scan's uncertain readings are plain text in the CSV (provenance and
    // the "… Công nghệ" lead text), and metric codes are spelt from the Vietnamese words.
    const comparable = (r: Row) => ({
      ...r,
      provenance: undefined,
      provenanceNotes: undefined,
      lead: { ...r.lead, text: r.key === 'III.6' ? undefined : r.lead.text },
      deliverable: { ...r.deliverable, metrics: r.deliverable.metrics?.map((m) => ({ ...m, code: undefined })) },
    });
    expect(imported.rows.map(comparable)).toEqual(written.rows.map(comparable));
    expect(imported.rows.map((r) => [r.key, r.provenance]).filter(([, p]) => p !== 'verbatim')).toEqual([]);
    expect(written.rows.filter((r) => r.provenance !== 'verbatim').map((r) => r.key)).toEqual(['III.6', 'III.9']);
  });

  it('writes the same YAML style as the hand-written file', () => {
    expect(result.appendixYaml).toContain(
      [
        '  - key: III.7',
        '    section: III',
        '    task: Xây dựng bộ tài liệu truyền thông thống nhất (tờ rơi, video, nội dung số)',
        '    lead: { text: "BHXH thành phố", parties: [ BHXH ] }',
        '    support: { text: "Sở Khoa học và Công nghệ", parties: [ SKHCN ] }',
        '    deliverable: { kind: document, name: "Bộ tài liệu" }',
        '    timing: Năm 2026 và cập nhật hằng năm',
        '    provenance: verbatim',
        '',
        '  - key: III.8',
      ].join('\n'),
    );
    expect(result.appendixYaml).toContain(
      [
        '    deliverable:',
        '      kind: metric',
        '      name: Số cuộc thanh tra',
        '      metrics:',
        '        - { code: so_cuoc_thanh_tra, name: "Số cuộc thanh tra", unit: "cuộc" }',
      ].join('\n'),
    );
    expect(result.appendixYaml.startsWith('# Phụ lục: nhiệm vụ cụ thể của Kế hoạch HP-BHXH-2030, nhập từ tệp hai-phong-appendix.csv')).toBe(true);
    expect(result.appendixYaml).not.toContain('CẦN SỬA:');
  });

  it('passes the validator together with the real plan.yaml', async () => {
    const plan = await fs.readFile(path.join(WORKFLOWS, 'hp-bhxh-2030/plan.yaml'), 'utf8');
    expect(await validate({ 'plan.yaml': plan, 'appendix.yaml': result.appendixYaml })).toEqual([]);
  });

  it('reports every row resolved, two timing warnings, and the sections for a plan', () => {
    expect(result.summary).toEqual({ rows: 21, sections: 4, rowsWithWarnings: 2, blockingRows: [], unresolvedNames: [] });
    expect(result.rows.filter((r) => r.warnings.length).map((r) => [r.key, r.timing.kind, r.warnings])).toEqual([
      ['IV.1', 'roadmap', ['"Theo lộ trình": cần nhập các mốc của lộ trình.']],
      ['V.5', 'unscheduled', ['"Theo kế hoạch" chưa có lịch cụ thể: cần nhập lịch thực hiện.']],
    ]);
    expect(result.sectionsForPlan).toEqual([
      { key: 'III', title: 'Mục III', provenance: 'inferred', note: 'Phụ lục không ghi tên mục III: tên mục cần được nhập theo bản gốc.' },
      { key: 'IV', title: 'Cải cách thủ tục hành chính, chuyển đổi số', provenance: 'verbatim' },
      { key: 'V', title: 'Nâng cao hiệu lực quản lý nhà nước, thanh tra, kiểm tra', provenance: 'verbatim' },
      { key: 'VI', title: 'Công tác báo cáo', provenance: 'verbatim' },
    ]);
  });

  it.each([
    ['III.10', [6], 'report', 'ongoing', [['Ủy ban MTTQ Việt Nam thành phố', 'UBMTTQ', 'agency'], ['các tổ chức chính trị – xã hội', 'TC_CTXH', 'group']]],
    ['IV.3', [12], 'system', 'once', [['BHXH thành phố', 'BHXH', 'agency']]],
    ['VI.2', [25], 'report', 'once', [['Sở Nội vụ', 'SNV', 'agency']]],
  ] as const)('row %s: lines, kinds and lead parties', (key, lines, kind, timingKind, lead) => {
    const r = result.rows.find((x) => x.key === key);
    expect(r && [r.lines, r.deliverable.kind, r.timing.kind, r.lead.parties.map((p) => [p.name, p.resolved, p.type])]).toEqual([lines, kind, timingKind, lead]);
  });
});

describe('buildAppendixDefinitions: an appendix it has never seen', () => {
  let result: AppendixBuildResult;
  beforeAll(async () => {
    result = await importFixture('unseen-appendix.csv', 'HP-CDS-2027');
  });

  it('accounts for every row: parties, deliverable and timing kinds, blocking', () => {
    const show = (parties: { name: string; resolved: string | null }[] | undefined) => (parties ?? []).map((p) => p.resolved ?? `? ${p.name}`).join(' + ');
    expect(result.rows.map((r) => [r.key, r.lines.join(','), show(r.lead.parties), show(r.support?.parties), r.deliverable.kind, r.timing.kind, r.blocking])).toEqual([
      ['I.1', '5', 'SKHCN', 'CQ_LIEN_QUAN', 'plan', 'once', false],
      ['I.2', '6', '? Sở Thông tin và Truyền thông', 'UBND_CAP_XA + TC_CTXH', 'metric', 'ongoing', true],
      ['I.3', '7', 'SKHCN', 'VP_UBND', 'report', 'yearly', false],
      ['II.1', '9', 'VP_UBND', 'SKHCN + CATP', 'system', 'once', false],
      ['II.2', '10', 'SNNMT', 'UBND_CAP_XA', 'system', 'window', false],
      ['II.3', '11', 'VP_UBND', 'UBND_CAP_XA', 'metric', 'quarterly', false],
      ['II.4', '15,16', 'BHXH', 'THUE + ? Ngân hàng Nhà nước Khu vực 4', 'report', 'quarterly', false],
      ['III.1', '18', 'SKHCN', 'VP_UBND', 'link', 'once', false],
      ['III.2', '19', 'SNV', 'SKHCN + UBND_CAP_XA', 'metric', 'yearly', false],
      ['III.3', '20', 'SCT', 'STC + BQLKKT', 'list', 'once', false],
      ['III.4', '21', 'CATP', 'SKHCN', 'report', 'unscheduled', false],
      ['III.5', '22', '11560', 'SKHCN', 'report', 'once', false],
      ['III.6', '23', 'SKHCN', 'CQ_LIEN_QUAN', 'report', 'yearly', false],
    ]);
    expect(result.summary).toEqual({
      rows: 13,
      sections: 3,
      rowsWithWarnings: 3,
      blockingRows: ['I.2'],
      unresolvedNames: ['Sở Thông tin và Truyền thông', 'Ngân hàng Nhà nước Khu vực 4'],
    });
  });

  it('says what is wrong in Vietnamese', () => {
    expect(result.rows.filter((r) => r.warnings.length).map((r) => [r.key, r.warnings])).toEqual([
      [
        'I.2',
        [
          'Cơ quan chủ trì "Sở Thông tin và Truyền thông" không có trong danh bạ (cơ quan này không còn sau sắp xếp năm 2025, nhiệm vụ chuyển về Sở Khoa học và Công nghệ): cần chọn mã cơ quan hoặc nhóm.',
          'Không xác định được cơ quan chủ trì nào: dòng chưa nạp được cho đến khi sửa.',
        ],
      ],
      ['II.4', ['Cơ quan phối hợp "Ngân hàng Nhà nước Khu vực 4" không có trong danh bạ: cần chọn mã cơ quan hoặc nhóm.']],
      ['III.4', ['"Theo kế hoạch riêng" chưa có lịch cụ thể: cần nhập lịch thực hiện.']],
    ]);
  });

  it('keeps the merged row and the multi-line task verbatim', () => {
    const merged = result.rows.find((r) => r.key === 'II.4');
    expect(merged && [merged.task, merged.support?.text, merged.deliverable]).toEqual([
      'Triển khai thanh toán trực tuyến phí, lệ phí và các khoản thu BHXH',
      'Thuế thành phố\nNgân hàng Nhà nước Khu vực 4',
      {
        kind: 'report',
        name: 'Số giao dịch thanh toán trực tuyến\nBáo cáo kết quả',
        metrics: [{ code: 'so_giao_dich_thanh_toan_truc_tuyen', name: 'Số giao dịch thanh toán trực tuyến', unit: 'giao dịch' }],
      },
    ]);
    const yaml = parse(result.appendixYaml) as { rows: { key: string; task: string }[] };
    expect(yaml.rows.find((r) => r.key === 'II.3')?.task).toBe(
      'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính:\n- Tại Trung tâm Phục vụ hành chính công thành phố;\n- Tại bộ phận một cửa UBND cấp xã',
    );
  });

  it('marks the rows to fix in the YAML', () => {
    expect(result.appendixYaml).toContain(
      [
        '  # CẦN SỬA: cơ quan chủ trì chưa có trong danh bạ: "Sở Thông tin và Truyền thông"',
        '  - key: I.2',
        '    section: I',
        '    task: Tuyên truyền, phổ biến, nâng cao nhận thức và kỹ năng số cho người dân',
        '    lead: { text: "Sở Thông tin và Truyền thông", parties: [] }',
      ].join('\n'),
    );
    expect(result.appendixYaml).toContain('  # cơ quan phối hợp chưa có trong danh bạ: "Ngân hàng Nhà nước Khu vực 4"\n  - key: II.4\n');
  });

  it('fails validation on the unresolved lead only, and passes once it is fixed', async () => {
    const plan = draftPlan('HP-CDS-2027', result.sectionsForPlan);
    expect(await validate({ 'plan.yaml': plan, 'appendix.yaml': result.appendixYaml })).toEqual([
      'appendix.yaml:24 [I.2] rows[1].lead.parties: bắt buộc, không được để trống',
    ]);
    const fixed = result.appendixYaml.replace('parties: [] }', 'parties: [ SKHCN ] }');
    expect(await validate({ 'plan.yaml': plan, 'appendix.yaml': fixed })).toEqual([]);
  });
});

describe('buildAppendixDefinitions: a Word-style workbook', () => {
  it('reads title, Roman headings, merged numbers and wrapped cells into rows that validate', async () => {
    const file = path.join(tmp, 'phu-luc-word.xlsx');
    await writeAppendixXlsx(
      file,
      [
        ['I', 'Công tác chỉ đạo, điều hành', null, null, null, null],
        ['1', 'Xây dựng kế hoạch thực hiện', 'Sở Nội vụ', 'BHXH TP', 'Kế hoạch', 'Quý I/2026'],
        [null, 'và tổ chức triển khai', null, 'Sở Tài chính', null, null],
        ['2', 'Giao chỉ tiêu\nphát triển đối tượng', 'UBND các xã,\nphường, đặc khu', null, 'Số người tham gia BHXH', 'Hằng năm'],
        ['II', 'Công tác báo cáo', null, null, null, null],
        ['1', 'Báo cáo kết quả', 'Sở Nội vụ', 'Các cơ quan liên quan', 'Báo cáo', 'Trước ngày 15/12 hằng năm'],
      ],
      {
        title: 'PHỤ LỤC NHIỆM VỤ',
        header: ['TT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Sản phẩm', 'Thời gian thực hiện'],
        merge: ['B4:F4', 'A5:A6', 'C5:C6', 'E5:E6', 'F5:F6', 'B8:F8'],
      },
    );
    const table = await readAppendixTable(await fs.readFile(file), 'phu-luc-word.xlsx');
    if (!table.ok) throw new Error(table.error.message);
    const result = buildFromTable(table.rows, 'TEST-WORD', 'phu-luc-word.xlsx');
    expect(result.rows.map((r) => [r.key, r.lines, r.task, r.lead.parties.map((p) => p.resolved), r.support?.parties.map((p) => p.resolved) ?? null, r.deliverable.kind, r.timing.kind])).toEqual([
      ['I.1', [5, 6], 'Xây dựng kế hoạch thực hiện\nvà tổ chức triển khai', ['SNV'], ['BHXH', 'STC'], 'plan', 'once'],
      ['I.2', [7], 'Giao chỉ tiêu\nphát triển đối tượng', ['UBND_CAP_XA'], null, 'metric', 'yearly'],
      ['II.1', [9], 'Báo cáo kết quả', ['SNV'], ['CQ_LIEN_QUAN'], 'report', 'yearly'],
    ]);
    expect(result.sectionsForPlan.map((s) => [s.key, s.title, s.provenance])).toEqual([
      ['I', 'Công tác chỉ đạo, điều hành', 'verbatim'],
      ['II', 'Công tác báo cáo', 'verbatim'],
    ]);
    expect(result.summary.blockingRows).toEqual([]);
    expect(await validate({ 'plan.yaml': draftPlan('TEST-WORD', result.sectionsForPlan), 'appendix.yaml': result.appendixYaml })).toEqual([]);
  });
});

describe('buildAppendixDefinitions: rows that must be fixed, and texts YAML must quote', () => {
  it('reports empty cells as blocking and leaves them empty in the YAML', () => {
    const result = buildFromTable([row(2, { section: 'I', number: '1', lead: 'Sở Nội vụ' }), row(3, { section: 'I', number: '2', task: 'Nhiệm vụ B', support: 'Sở Y tế' })]);
    expect(result.rows.map((r) => [r.key, r.blocking, r.warnings])).toEqual([
      [
        'I.1',
        true,
        [
          'Chưa ghi nội dung nhiệm vụ: cần nhập trước khi nạp.',
          'Chưa ghi sản phẩm: cần nhập trước khi nạp.',
          'Chưa ghi thời gian thực hiện: cần nhập lịch thực hiện.',
        ],
      ],
      [
        'I.2',
        true,
        [
          'Chưa ghi cơ quan chủ trì: cần nhập trước khi nạp.',
          'Chưa ghi sản phẩm: cần nhập trước khi nạp.',
          'Chưa ghi thời gian thực hiện: cần nhập lịch thực hiện.',
        ],
      ],
    ]);
    const yaml = parse(result.appendixYaml) as { rows: Record<string, unknown>[] };
    expect(yaml.rows[1]).toEqual({
      key: 'I.2',
      section: 'I',
      task: 'Nhiệm vụ B',
      lead: { text: '', parties: [] },
      support: { text: 'Sở Y tế', parties: ['SYT'] },
      deliverable: { kind: 'document', name: '' },
      timing: '',
      provenance: 'verbatim',
    });
    expect(result.appendixYaml).toContain('  # CẦN SỬA: Chưa ghi cơ quan chủ trì: cần nhập trước khi nạp.\n');
  });

  it('marks a key it had to invent as inferred, with a note the validator accepts', async () => {
    const result = buildFromTable([row(2, { number: 'I', task: 'Tuyên truyền' }), row(3, { task: 'Nhiệm vụ A', lead: 'Sở Nội vụ', deliverable: 'Báo cáo', timing: 'Hằng năm' })]);
    expect(result.rows.map((r) => [r.key, r.provenance, r.blocking])).toEqual([['I.1', 'inferred', false]]);
    const yaml = parse(result.appendixYaml) as { rows: Record<string, unknown>[] };
    expect(yaml.rows[0].provenanceNotes).toEqual([
      { field: 'key', mark: 'inferred', note: 'Phụ lục không ghi số thứ tự của dòng này; mã dòng do phuluc đặt theo thứ tự.' },
    ]);
    expect(await validate({ 'plan.yaml': draftPlan('TEST-PLAN', result.sectionsForPlan), 'appendix.yaml': result.appendixYaml })).toEqual([]);
  });

  it('gives rows before any heading a section "0" that a draft plan can hold', async () => {
    const result = buildFromTable([row(2, { number: '1', task: 'A', lead: 'Sở Nội vụ', deliverable: 'Báo cáo', timing: 'Hằng năm' })]);
    expect(result.sectionsForPlan).toEqual([
      {
        key: '0',
        title: 'Các nhiệm vụ không thuộc mục nào',
        provenance: 'inferred',
        note: 'Phụ lục có dòng nhiệm vụ đứng trước mọi tiêu đề mục; mục này do phuluc đặt.',
      },
    ]);
    expect(result.rows[0].provenance).toBe('inferred');
    expect(await validate({ 'plan.yaml': draftPlan('TEST-PLAN', result.sectionsForPlan), 'appendix.yaml': result.appendixYaml })).toEqual([]);
  });

  it('blocks both rows of a duplicate key', () => {
    const full = { lead: 'Sở Nội vụ', deliverable: 'Báo cáo', timing: 'Hằng năm' };
    const result = buildFromTable([row(2, { section: 'I', number: '1', task: 'A', ...full }), row(3, { section: 'I', number: '2', task: 'B', ...full }), row(4, { section: 'I', number: '1', task: 'C', ...full })]);
    expect(result.summary.blockingRows).toEqual(['I.1', 'I.1']);
    expect(result.rows[2].warnings).toEqual(['Mã dòng I.1 lặp lại (dòng 2, 4): cần sửa số thứ tự trước khi nạp.']);
  });

  it.each([
    ['a colon and a hash', 'Triển khai: tuyên truyền # đợt 1'],
    ['quotes and a comma', 'Triển khai "Tháng vận động", đợt 2'],
    ['a leading dash', '- Rà soát, thống kê'],
    ['a leading asterisk and at sign', '* @ Rà soát'],
    ['words YAML would read as values', 'yes'],
    ['a number', '2026'],
    ['null', 'null'],
    ['line breaks and a trailing colon', 'Số hóa hồ sơ:\n- Tại cấp thành phố;\n- Tại cấp xã'],
    ['a backslash and braces', 'Cập nhật {dữ liệu} \\ [đợt 1]'],
  ])('round-trips a task with %s', (_label, taskText) => {
    const result = buildFromTable([
      row(2, { section: 'I', number: '1', task: taskText, lead: taskText.includes('\n') ? 'Sở Nội vụ\nSở Y tế' : 'Sở Nội vụ: chủ trì', deliverable: taskText, timing: 'Hằng năm' }),
    ]);
    const yaml = parse(result.appendixYaml) as { rows: { task: unknown; lead: { text: unknown }; deliverable: { name: unknown } }[] };
    expect([yaml.rows[0].task, yaml.rows[0].deliverable.name]).toEqual([taskText, taskText]);
    expect(yaml.rows[0].lead.text).toBe(taskText.includes('\n') ? 'Sở Nội vụ\nSở Y tế' : 'Sở Nội vụ: chủ trì');
  });
});
