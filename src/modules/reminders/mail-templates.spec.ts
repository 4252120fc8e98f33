import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { isMailTemplateName, MAIL_TEMPLATE_NAMES, MailTemplateError, MailTemplateName, MailTemplates, MailViewModel, TaskFacts } from './mail-templates';

const TEMPLATE_DIR = path.resolve(__dirname, '../../../templates/mail');
const PUBLIC_URL = 'https://phuluc.haiphong.gov.vn';
const MONITOR = 'Sở Nội vụ thành phố Hải Phòng';

const PLAN = {
  planCode: 'HP-BHXH-2030',
  planTitle: 'Kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn thành phố Hải Phòng đến năm 2030',
};

/** Row VI.1 of the Hải Phòng appendix, for the city's Sở Nội vụ (lead), year 2026. */
const VI_1: TaskFacts = {
  ...PLAN,
  rowKey: 'VI.1',
  task:
    'Sơ kết, đánh giá kết quả phát triển đối tượng tham gia BHXH trên địa bàn thành phố và xây dựng báo cáo của UBND thành phố về kết quả thực hiện Nghị quyết số 403/NQ-CP gửi Bộ Nội vụ, Bộ Tài chính',
  periodLabel: 'Năm 2026',
  agencyName: 'Sở Nội vụ thành phố Hải Phòng',
  role: 'lead',
  dueDate: '2026-12-24',
  daysLate: 0,
  link: `${PUBLIC_URL}/nhiem-vu/0d7c2b1e-6a51-4c8e-9f3a-2b4d8e1f6a90`,
};

/** Row III.11, fanned out to one commune (lead), second half of 2026. */
const III_11: TaskFacts = {
  ...PLAN,
  rowKey: 'III.11',
  task: 'Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở',
  periodLabel: '6 tháng cuối năm 2026',
  agencyName: 'Ủy ban nhân dân phường Thủy Nguyên',
  role: 'lead',
  dueDate: '2026-12-15',
  daysLate: 0,
  link: `${PUBLIC_URL}/nhiem-vu/5b0e9d43-1c2a-4f7b-8e6d-3a9c0f1b2d44`,
};

interface Case {
  facts: TaskFacts;
  dueText: string;
  /** The day 3 working days after the due date, when the head was told. */
  headInformedOn: string;
  submittedAt: string;
  submittedText: string;
}

const CASES: Record<'VI.1' | 'III.11', Case> = {
  'VI.1': {
    facts: VI_1,
    dueText: '24/12/2026',
    headInformedOn: '2026-12-28',
    submittedAt: '2026-12-24T02:05:00Z',
    submittedText: '24/12/2026 09:05',
  },
  'III.11': {
    facts: III_11,
    dueText: '15/12/2026',
    headInformedOn: '2026-12-17',
    submittedAt: '2026-12-15T09:40:00Z',
    submittedText: '15/12/2026 16:40',
  },
};

type TaskMailName = (typeof MAIL_TEMPLATE_NAMES)[number];
type Fixtures = { [N in TaskMailName]: MailViewModel[N] };

/** A full view model for every template, built around one task. */
function fixtures(c: Case): Fixtures {
  const common = { monitoringAgencyName: MONITOR, recipientName: 'Nguyễn Thị Lan' };
  const late = { ...c.facts, daysLate: 3 };
  return {
    upcoming: { ...common, ...c.facts, daysLeft: 4 },
    'due-today': { ...common, ...c.facts },
    late: { ...common, ...late },
    'escalation-head': { ...common, recipientName: 'Trần Văn Hùng', ...late },
    'escalation-monitor': { ...common, recipientName: null, ...late, headInformedOn: c.headInformedOn },
    digest: {
      ...common,
      asOf: '2026-12-18',
      items: [
        { ...III_11, daysLate: 3, state: 'late', daysLeft: 0 },
        { ...VI_1, state: 'upcoming', daysLeft: 4 },
        { ...c.facts, daysLate: 0, state: 'due-today', daysLeft: 0 },
      ],
    },
    returned: {
      ...common,
      ...late,
      reviewerComment: 'Đề nghị bổ sung số liệu người tham gia BHXH tự nguyện đến ngày 14/12/2026 và kèm danh sách chi tiết.',
      newDueDate: '2027-01-08',
    },
    'submission-received': { ...common, ...c.facts, submittedAt: c.submittedAt, submitterName: 'Nguyễn Thị Lan' },
    'submission-accepted': {
      ...common,
      ...c.facts,
      acceptedAt: '2026-12-28T08:30:00Z',
      reviewerComment: 'Báo cáo đầy đủ, đúng yêu cầu.',
    },
  };
}

const LATE_TEMPLATES: readonly MailTemplateName[] = ['late', 'escalation-head', 'escalation-monitor', 'returned'];

const HTML_TAG = /<\/?[a-z!][^>]*>/i;
const HTML_ENTITY = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/i;
const LEAKS = /undefined|NaN|Invalid Date|\[object /;

const escapeHtml = (text: string): string => Handlebars.Utils.escapeExpression(text);

describe('MailTemplates', () => {
  let templates: MailTemplates;

  beforeAll(async () => {
    templates = await MailTemplates.load(TEMPLATE_DIR);
  });

  describe.each(Object.entries(CASES))('row %s', (_key, c) => {
    const all = fixtures(c);

    it.each([...MAIL_TEMPLATE_NAMES])('%s names the key facts in html and text', (name) => {
      const mail = templates.render(name, all[name]);
      const facts = [c.facts.planCode, c.facts.planTitle, c.facts.rowKey, c.facts.task, c.facts.periodLabel, c.facts.agencyName, c.dueText, c.facts.link];
      if (LATE_TEMPLATES.includes(name)) facts.push('3 ngày làm việc');
      for (const fact of facts) {
        expect(mail.text).toContain(fact);
        expect(mail.html).toContain(escapeHtml(fact));
      }
      expect(mail.text).toContain('Kính gửi');
      expect(mail.text).toContain('Trân trọng');
      expect(mail.text).toContain('Vui lòng không trả lời thư này');
      expect(mail.html).toContain('phuluc – Theo dõi thực hiện kế hoạch');
      expect(mail.html).toContain('Vui lòng không trả lời thư này');
      expect(mail.html).toContain(`liên hệ ${MONITOR}`);
    });

    it.each([...MAIL_TEMPLATE_NAMES])('%s: text without HTML, one-line subject with a tag, nothing leaked', (name) => {
      const mail = templates.render(name, all[name]);
      expect(mail.text).not.toMatch(HTML_TAG);
      expect(mail.text).not.toMatch(HTML_ENTITY);
      expect(mail.text).not.toMatch(/\n{3,}/);
      expect(mail.text.endsWith('\n')).toBe(true);
      expect(mail.subject).toMatch(/^\[phuluc\] \S/);
      expect(mail.subject).not.toMatch(/[\r\n\t]|\s{2,}/);
      expect(mail.subject).not.toMatch(HTML_ENTITY);
      expect(mail.subject.length).toBeLessThanOrEqual(200);
      expect(mail.html).toMatch(/^<!DOCTYPE html>/);
      expect(mail.html).toContain('<html lang="vi">');
      for (const out of [mail.subject, mail.text, mail.html]) expect(out).not.toMatch(LEAKS);
    });

    it('task subjects carry the row key and the period', () => {
      for (const name of MAIL_TEMPLATE_NAMES.filter((n) => n !== 'digest')) {
        const { subject } = templates.render(name, all[name]);
        expect(subject).toContain(`${c.facts.rowKey} – ${c.facts.periodLabel}`);
      }
    });
  });

  describe('wording per template (row VI.1)', () => {
    const all = fixtures(CASES['VI.1']);

    it('upcoming', () => {
      const mail = templates.render('upcoming', all.upcoming);
      expect(mail.subject).toBe('[phuluc] Sắp đến hạn: VI.1 – Năm 2026 (hạn 24/12/2026)');
      expect(mail.text).toContain('Kính gửi: Ông/Bà Nguyễn Thị Lan – Sở Nội vụ thành phố Hải Phòng');
      expect(mail.text).toContain('sẽ đến hạn vào ngày 24/12/2026 (còn 4 ngày làm việc)');
      expect(mail.text).toContain('- Vai trò: Chủ trì');
      expect(mail.text).toContain(`- Mở nhiệm vụ: ${VI_1.link}`);
      expect(mail.text).not.toContain('Số ngày quá hạn');
      expect(mail.html).toContain(`href="${VI_1.link}"`);
      expect(mail.html).toContain('>Mở nhiệm vụ</a>');
    });

    it('greets the focal point by role when no name is known', () => {
      const mail = templates.render('upcoming', { ...all.upcoming, recipientName: undefined });
      expect(mail.text).toMatch(/^Kính gửi: Cán bộ đầu mối – Sở Nội vụ thành phố Hải Phòng\n/);
    });

    it('due-today', () => {
      const mail = templates.render('due-today', all['due-today']);
      expect(mail.subject).toBe('[phuluc] Đến hạn hôm nay: VI.1 – Năm 2026 (hạn 24/12/2026)');
      expect(mail.text).toContain('đến hạn hôm nay, ngày 24/12/2026');
    });

    it('late', () => {
      const mail = templates.render('late', all.late);
      expect(mail.subject).toBe('[phuluc] Quá hạn 3 ngày làm việc: VI.1 – Năm 2026');
      expect(mail.text).toContain('đã quá hạn 3 ngày làm việc (hạn: 24/12/2026)');
      expect(mail.text).toContain('- Số ngày quá hạn: 3 ngày làm việc');
      expect(mail.html).toContain('Số ngày quá hạn');
    });

    it('escalation-head is addressed to the head of the agency', () => {
      const mail = templates.render('escalation-head', all['escalation-head']);
      expect(mail.subject).toBe('[phuluc] Báo cáo vượt cấp: VI.1 – Năm 2026 quá hạn 3 ngày làm việc');
      expect(mail.text).toMatch(/^Kính gửi: Ông\/Bà Trần Văn Hùng – Thủ trưởng Sở Nội vụ thành phố Hải Phòng\n/);
      expect(mail.text).toContain('nhiệm vụ dưới đây của Sở Nội vụ thành phố Hải Phòng đã quá hạn 3 ngày làm việc');
      expect(mail.text).toContain('Đề nghị Thủ trưởng cơ quan quan tâm chỉ đạo');
      const anonymous = templates.render('escalation-head', { ...all['escalation-head'], recipientName: null });
      expect(anonymous.text).toMatch(/^Kính gửi: Thủ trưởng Sở Nội vụ thành phố Hải Phòng\n/);
    });

    it('escalation-monitor says when the head was informed, if known', () => {
      const data = { ...fixtures(CASES['III.11'])['escalation-monitor'] };
      const mail = templates.render('escalation-monitor', data);
      expect(mail.subject).toBe(
        '[phuluc] Báo cáo vượt cấp: III.11 – 6 tháng cuối năm 2026 – Ủy ban nhân dân phường Thủy Nguyên quá hạn 3 ngày làm việc',
      );
      expect(mail.text).toMatch(/^Kính gửi: Sở Nội vụ thành phố Hải Phòng\n/);
      expect(mail.text).toContain('nhiệm vụ dưới đây của Ủy ban nhân dân phường Thủy Nguyên đã quá hạn 3 ngày làm việc (hạn: 15/12/2026)');
      expect(mail.text).toContain('Thủ trưởng Ủy ban nhân dân phường Thủy Nguyên đã được thông báo qua thư điện tử ngày 17/12/2026.');
      expect(mail.html).toContain('đã được thông báo qua thư điện tử ngày 17/12/2026');

      const unknown = templates.render('escalation-monitor', { ...data, headInformedOn: undefined });
      expect(unknown.text).not.toContain('đã được thông báo');
      expect(unknown.html).not.toContain('đã được thông báo');
      const instant = templates.render('escalation-monitor', { ...data, headInformedOn: '2026-12-16T17:30:00Z' });
      expect(instant.text).toContain('ngày 17/12/2026.');
    });

    it('digest lists one line per task with its state', () => {
      const mail = templates.render('digest', all.digest);
      expect(mail.subject).toBe('[phuluc] Tổng hợp nhiệm vụ cần theo dõi đến ngày 18/12/2026: 3 nhiệm vụ');
      expect(mail.text).toContain('Kính gửi: Ông/Bà Nguyễn Thị Lan');
      expect(mail.text).toContain('danh sách 3 nhiệm vụ');
      expect(mail.text).toContain('1. III.11 – Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở');
      expect(mail.text).toContain('   - Cơ quan thực hiện: Ủy ban nhân dân phường Thủy Nguyên (Chủ trì)');
      expect(mail.text).toContain('   - Tình trạng: quá hạn 3 ngày làm việc');
      expect(mail.text).toContain(`2. VI.1 – ${VI_1.task}`);
      expect(mail.text).toContain('   - Tình trạng: còn 4 ngày làm việc');
      expect(mail.text).toContain('3. VI.1');
      expect(mail.text).toContain('   - Tình trạng: đến hạn hôm nay');
      expect(mail.html.match(/<tr>/g)).toHaveLength(4 /* layout */ + 1 /* heading */ + 3);
      for (const state of ['quá hạn 3 ngày làm việc', 'còn 4 ngày làm việc', 'đến hạn hôm nay']) expect(mail.html).toContain(state);
      expect(mail.html).toContain(`href="${III_11.link}"`);
      const anonymous = templates.render('digest', { ...all.digest, recipientName: undefined });
      expect(anonymous.text).toMatch(/^Kính gửi: Quý Ông\/Bà\n/);
    });

    it('returned gives the comment and the new due date', () => {
      const mail = templates.render('returned', all.returned);
      expect(mail.subject).toBe('[phuluc] Trả lại để chỉnh sửa: VI.1 – Năm 2026 (hạn gửi lại 08/01/2027)');
      expect(mail.text).toContain(`Ý kiến của người xem xét:\n${all.returned.reviewerComment}\n`);
      expect(mail.text).toContain('Hạn gửi lại: 08/01/2027');
      expect(mail.text).toContain('gửi lại trên hệ thống chậm nhất trong ngày 08/01/2027');
      expect(mail.html).toContain(escapeHtml(all.returned.reviewerComment));
      expect(mail.html).toContain('08/01/2027');
    });

    it('submission-received confirms the time and that review is pending', () => {
      const mail = templates.render('submission-received', all['submission-received']);
      expect(mail.subject).toBe('[phuluc] Đã nhận sản phẩm: VI.1 – Năm 2026');
      expect(mail.text).toContain('Thời điểm nhận: 24/12/2026 09:05');
      expect(mail.text).toContain('Người gửi: Nguyễn Thị Lan');
      expect(mail.text).toContain('đang chờ xem xét');
      expect(mail.html).toContain('24/12/2026 09:05');
      const anonymous = templates.render('submission-received', { ...all['submission-received'], submitterName: null });
      expect(anonymous.text).not.toContain('Người gửi');
    });

    it('submission-accepted confirms, with the comment only when there is one', () => {
      const mail = templates.render('submission-accepted', all['submission-accepted']);
      expect(mail.subject).toBe('[phuluc] Đã chấp nhận sản phẩm: VI.1 – Năm 2026');
      expect(mail.text).toContain('đã được xem xét và chấp nhận');
      expect(mail.text).toContain('Thời điểm chấp nhận: 28/12/2026 15:30');
      expect(mail.text).toContain('Ý kiến của người xem xét:\nBáo cáo đầy đủ, đúng yêu cầu.');
      const plain = templates.render('submission-accepted', { ...all['submission-accepted'], reviewerComment: null });
      expect(plain.text).not.toContain('Ý kiến');
      expect(plain.html).not.toContain('Ý kiến');
    });
  });

  describe('password-reset', () => {
    const view = { monitoringAgencyName: MONITOR, recipientName: 'Nguyễn Thị Lan', link: 'https://phuluc.haiphong.gov.vn/dat-lai-mat-khau?ma=abc&x=<1>', expiresAt: '2026-12-10T03:30:00Z' };

    it('gives the link, its expiry in Hà Nội time, and what to do if it was not asked for', () => {
      const mail = templates.render('password-reset', view);
      expect(mail.subject).toBe('[phuluc] Đặt lại mật khẩu');
      expect(mail.text).toContain('Kính gửi: Ông/Bà Nguyễn Thị Lan');
      expect(mail.text).toContain(view.link);
      expect(mail.text).toContain('hết hạn lúc 10/12/2026 10:30');
      expect(mail.text).toContain('vui lòng bỏ qua thư này');
      expect(mail.text).not.toMatch(HTML_TAG);
      expect(mail.html).toContain(`href="${escapeHtml(view.link)}"`);
      expect(mail.html).not.toContain('<1>');
      for (const out of [mail.subject, mail.text, mail.html]) expect(out).not.toMatch(LEAKS);
    });
  });

  describe('escaping', () => {
    const task = 'Kiểm tra <script>alert("x")</script> & báo cáo';

    it('escapes HTML in html, not in text or subject', () => {
      const hostile = { ...VI_1, task, rowKey: 'VI.1 <b>', periodLabel: 'Năm 2026 & 2027' };
      const mail = templates.render('late', { ...hostile, daysLate: 3, monitoringAgencyName: MONITOR });
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; báo cáo');
      expect(mail.html).not.toContain('<b>');
      expect(mail.text).toContain(task);
      expect(mail.text).toContain('VI.1 <b>');
      expect(mail.text).not.toContain('&amp;');
      expect(mail.subject).toBe('[phuluc] Quá hạn 3 ngày làm việc: VI.1 <b> – Năm 2026 & 2027');
    });

    it('keeps a subject on one line and at most 200 characters', () => {
      const long = { ...VI_1, rowKey: 'VI.1\n\tBcc: x@y', periodLabel: 'Năm 2026 '.repeat(40), monitoringAgencyName: MONITOR, daysLeft: 4 };
      const { subject } = templates.render('upcoming', long);
      expect(subject).not.toMatch(/[\r\n\t]/);
      expect(subject.startsWith('[phuluc] Sắp đến hạn: VI.1 Bcc: x@y – Năm 2026 Năm 2026')).toBe(true);
      expect(Array.from(subject)).toHaveLength(200);
      expect(subject.endsWith('…')).toBe(true);
    });
  });

  describe('strict mode', () => {
    const all = fixtures(CASES['VI.1']);

    it.each<[string, TaskMailName, (data: Record<string, unknown>) => void]>([
      ['task', 'late', (d) => delete d.task],
      ['agencyName', 'upcoming', (d) => delete d.agencyName],
      ['monitoringAgencyName', 'due-today', (d) => delete d.monitoringAgencyName],
      ['daysLeft', 'upcoming', (d) => delete d.daysLeft],
      ['dueDate', 'escalation-head', (d) => delete d.dueDate],
      ['role', 'late', (d) => delete d.role],
      ['daysLate', 'late', (d) => delete d.daysLate],
      ['link', 'submission-accepted', (d) => delete d.link],
      ['reviewerComment', 'returned', (d) => delete d.reviewerComment],
      ['newDueDate', 'returned', (d) => delete d.newDueDate],
      ['submittedAt', 'submission-received', (d) => delete d.submittedAt],
      ['acceptedAt', 'submission-accepted', (d) => delete d.acceptedAt],
      ['items', 'digest', (d) => delete d.items],
      ['items[0].rowKey', 'digest', (d) => delete (d.items as Record<string, unknown>[])[0].rowKey],
      ['items[1].daysLeft', 'digest', (d) => delete (d.items as Record<string, unknown>[])[1].daysLeft],
    ])('a missing %s fails the %s render', (_field, name, remove) => {
      const data = structuredClone(all[name]) as unknown as Record<string, unknown>;
      remove(data);
      expect(() => templates.render(name, data as never)).toThrow(MailTemplateError);
    });

    it('names the template and the field in the error', () => {
      const { task: _task, ...data } = all.late;
      expect(() => templates.render('late', data as never)).toThrow(/late\.(subject|html|text)\.hbs: .*"task" not defined/);
    });

    it('refuses an unknown template name', () => {
      expect(isMailTemplateName('late')).toBe(true);
      expect(isMailTemplateName('constructor')).toBe(false);
      expect(() => templates.render('nope' as MailTemplateName, all.late as never)).toThrow(/Unknown mail template "nope"/);
      expect(() => templates.render('constructor' as MailTemplateName, all.late as never)).toThrow(/Unknown mail template/);
    });
  });

  describe('load', () => {
    let dir: string;

    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-mail-'));
      await fs.cp(TEMPLATE_DIR, dir, { recursive: true });
    });

    afterEach(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('loads a complete copy', async () => {
      await expect(MailTemplates.load(dir)).resolves.toBeInstanceOf(MailTemplates);
    });

    it('lists every missing file', async () => {
      await fs.rm(path.join(dir, 'late.text.hbs'));
      await fs.rm(path.join(dir, 'digest.subject.hbs'));
      await fs.rm(path.join(dir, 'partials', 'task-facts.text.hbs'));
      const error = await MailTemplates.load(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailTemplateError);
      const message = (error as Error).message;
      expect(message).toContain(`${path.join(dir, 'late.text.hbs')}: missing`);
      expect(message).toContain(`${path.join(dir, 'digest.subject.hbs')}: missing`);
      expect(message).toContain(`${path.join(dir, 'partials', 'task-facts.text.hbs')}: missing`);
      expect(message).toMatch(/uses unknown partial\(s\) "task-facts.text"/);
    });

    it('fails on a template that does not compile', async () => {
      await fs.writeFile(path.join(dir, 'returned.html.hbs'), '{{#> layout.html}}{{#if task}}{{/layout.html}}');
      await expect(MailTemplates.load(dir)).rejects.toThrow(/returned\.html\.hbs: does not compile/);
    });

    it('fails on an unknown helper', async () => {
      await fs.writeFile(path.join(dir, 'late.subject.hbs'), '[phuluc] {{upper rowKey}}');
      await expect(MailTemplates.load(dir)).rejects.toThrow(/late\.subject\.hbs: does not compile: .*unknown helper upper/);
    });

    it('fails on an unknown partial', async () => {
      await fs.writeFile(path.join(dir, 'upcoming.text.hbs'), '{{> facts.text}}');
      await expect(MailTemplates.load(dir)).rejects.toThrow(/upcoming\.text\.hbs: uses unknown partial\(s\) "facts.text"/);
    });

    it('fails on a folder without templates', async () => {
      const empty = path.join(dir, 'nothing-here');
      await expect(MailTemplates.load(empty)).rejects.toThrow(/cannot read the partials folder[\s\S]*upcoming\.subject\.hbs: missing/);
    });
  });
});
