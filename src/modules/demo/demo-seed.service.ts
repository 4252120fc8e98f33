import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { type ActingUser, type AccountRole } from '../../common/acting-user';
import { type Clock, CLOCK, SettableClock } from '../../common/clock';
import { AccountsService } from '../access/accounts.service';
import { generatePassword } from '../access/passwords';
import { checkUpload, DEFAULT_ALLOWED_KINDS } from '../deliverables/domain/file-kinds';
import type { FileStorage } from '../deliverables/storage/file-storage';
import { FILE_STORAGE, SubmissionsService } from '../deliverables/submissions.service';
import { addDays } from '../scheduling/domain/local-date';
import { loadTaskContext } from '../tasks/task-access';
import { demoMessages as say } from './demo.messages';

export interface DemoAccount {
  role: string;
  email: string;
  name: string;
  password: string;
}

interface DemoPerson {
  key: string;
  email: string;
  name: string;
  roles: AccountRole[];
  focalPointOf?: string[];
  headOf?: string[];
}

/** A one-page PDF carrying a line of text (enough to open and to see which report it is). */
function demoPdf(title: string): Buffer {
  const text = title.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/[đĐ]/gu, 'd').replace(/[()\\]/gu, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A moment in Hải Phòng time: 'YYYY-MM-DD' at hh:mm. */
const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);

/**
 * `phuluc seed-demo` and `phuluc serve --demo`: accounts for every role (new passwords at each
 * run, printed once) and, the first time, submissions spread over 2026 made through the same
 * services people use — on time, late, returned and resubmitted, waiting for review — so every
 * page has something to show. Only for trying phuluc out: never on a real deployment's database.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
    private readonly submissions: SubmissionsService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async seed(): Promise<{ accounts: DemoAccount[]; submissions: number; alreadySeeded: boolean }> {
    const [commune]: { code: string; name: string }[] = await this.db.query(
      `SELECT a.code, a.name FROM agency a WHERE a.level = 'commune' ORDER BY a.code LIMIT 1`,
    );
    const people: DemoPerson[] = [
      { key: 'admin', email: 'quan-tri@demo.phuluc.vn', name: 'Quản trị hệ thống (thử nghiệm)', roles: ['admin'] },
      { key: 'monitor', email: 'so-noi-vu@demo.phuluc.vn', name: 'Nguyễn Thị Thu (Sở Nội vụ, thử nghiệm)', roles: ['monitor'], focalPointOf: ['SNV'] },
      { key: 'viewer', email: 'lanh-dao@demo.phuluc.vn', name: 'Lãnh đạo thành phố (thử nghiệm)', roles: ['viewer'] },
      { key: 'focal-point', email: 'dau-moi.skhcn@demo.phuluc.vn', name: 'Trần Văn Hùng (Sở KH&CN, thử nghiệm)', roles: [], focalPointOf: ['SKHCN'] },
      { key: 'head', email: 'thu-truong.skhcn@demo.phuluc.vn', name: 'Phạm Minh Đức (Giám đốc Sở KH&CN, thử nghiệm)', roles: [], headOf: ['SKHCN'] },
      { key: 'focal-point', email: 'dau-moi.tttp@demo.phuluc.vn', name: 'Lê Thị Mai (Thanh tra thành phố, thử nghiệm)', roles: [], focalPointOf: ['TTTP'] },
      ...(commune ? [{ key: 'focal-point', email: 'dau-moi.xa@demo.phuluc.vn', name: `Đầu mối ${commune.name} (thử nghiệm)`, roles: [] as AccountRole[], focalPointOf: [commune.code] }] : []),
    ];
    const accounts: DemoAccount[] = [];
    for (const person of people) {
      const password = generatePassword();
      await this.accounts.upsert({ email: person.email, name: person.name, roles: person.roles, focalPointOf: person.focalPointOf, headOf: person.headOf, password });
      accounts.push({ role: person.key, email: person.email, name: person.name, password });
    }
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM submission`);
    if (n > 0) return { accounts, submissions: 0, alreadySeeded: true };
    return { accounts, submissions: await this.seedSubmissions(), alreadySeeded: false };
  }

  private async seedSubmissions(): Promise<number> {
    const clock = this.clock instanceof SettableClock ? this.clock : undefined;
    const actor = (agency: string): ActingUser => ({ id: 'demo', name: say.demoActor, roles: [], monitor: false, readsAll: false, focalPointOf: [agency], headOf: [] });
    const monitor: ActingUser = { id: 'demo', name: say.demoMonitor, roles: ['monitor'], monitor: true, readsAll: true, focalPointOf: [], headOf: [] };
    let count = 0;
    const submit = async (instanceId: string, agency: string, day: string, title: string, figures?: Record<string, number>) => {
      clock?.set(at(day));
      const task = await loadTaskContext(this.db, instanceId);
      if (!task || (task.status !== 'open' && task.status !== 'returned')) return false;
      const pdf = demoPdf(title);
      const stored = await this.storage.put(Readable.from([pdf]), { maxBytes: pdf.length + 1 });
      const verdict = checkUpload({ head: stored.head, size: stored.size, declaredName: `${title}.pdf`, allowed: DEFAULT_ALLOWED_KINDS });
      if (!verdict.ok) throw new Error(verdict.error.message);
      const fields = new Map<string, string>([['note', say.demoNote]]);
      if (figures) fields.set('figures', JSON.stringify(figures));
      await this.submissions.submit(actor(agency), task, {
        files: [{ stored, kind: verdict.kind, extension: verdict.extension, mime: verdict.mime, originalName: `${title}.pdf`, declaredType: 'application/pdf', scan: 'not-scanned' }],
        fields,
      });
      count++;
      return true;
    };
    const review = async (instanceId: string, day: string, decision: 'accept' | 'return', comment?: string) => {
      clock?.set(at(day, '15:00'));
      await this.submissions.review(monitor, instanceId, { decision, comment });
    };
    try {
      // Row III.11, first half of 2026 (due 15/06/2026), every commune: most on time, some late, some returned, some silent.
      const communes: { id: string; agency_code: string; name: string }[] = await this.db.query(
        `SELECT t.id, t.agency_code, a.name FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id JOIN agency a ON a.code = t.agency_code
          WHERE d.key = 'III.11' AND t.period_key = '2026-H1' AND t.role = 'lead' ORDER BY t.agency_code`,
      );
      for (const [i, c] of communes.entries()) {
        const title = `Bao cao tuyen truyen 6 thang dau nam 2026 - ${c.name}`;
        const figures = { communication_activities: 5 + ((i * 7) % 23) };
        if (i < 60) {
          if (await submit(c.id, c.agency_code, addDays('2026-06-01', i % 14), title, figures)) await review(c.id, addDays('2026-06-16', i % 5), 'accept');
        } else if (i < 75) {
          if (await submit(c.id, c.agency_code, addDays('2026-06-22', i % 15), title, figures)) await review(c.id, '2026-07-15', 'accept');
        } else if (i < 83) {
          if (await submit(c.id, c.agency_code, '2026-06-10', title, figures)) {
            await review(c.id, '2026-06-18', 'return', say.demoReturnComment);
            if (i % 2 === 0) await submit(c.id, c.agency_code, '2026-06-24', `${title} (bo sung)`, figures);
          }
        }
      }
      // Row V.6, 2026: Thanh tra thành phố sent its figures early; waiting for Sở Nội vụ.
      const [v6]: { id: string }[] = await this.db.query(
        `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
          WHERE d.key = 'V.6' AND t.period_key = '2026' AND t.agency_code = 'TTTP'`,
      );
      if (v6) await submit(v6.id, 'TTTP', '2026-11-20', 'Bao cao ket qua thanh tra BHXH nam 2026', { inspections: 14 });
    } finally {
      clock?.set(undefined);
    }
    return count;
  }
}
