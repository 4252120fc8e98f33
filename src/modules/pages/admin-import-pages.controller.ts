import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import busboy from 'busboy';
import type { Response } from 'express';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { AccessRequest } from '../access/access.guard';
import { DefinitionsService } from '../definitions/definitions.service';
import { importAppendix, type ImportReport } from '../definitions/import/appendix-importer';
import { parseVietnameseDate } from '../deliverables/domain/submission-content';
import { GenerationService } from '../scheduling/generation.service';
import { pageBase, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';

const MAX_APPENDIX_BYTES = 10 * 1024 * 1024;

/** Reads the form: the table file to a temporary path (size-limited), the fields as text. */
function readImportForm(request: AccessRequest, tmpDir: string): Promise<{ file?: { path: string; name: string }; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: MAX_APPENDIX_BYTES, fields: 10 } });
    } catch {
      reject(new DomainError('VALIDATION_FAILED', say.importNotMultipart));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { path: string; name: string } | undefined;
    let writing: Promise<void> = Promise.resolve();
    let tooLarge = false;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const target = path.join(tmpDir, `${randomUUID()}${path.extname(info.filename || '').toLowerCase().replace(/[^.a-z]/gu, '')}`);
      file = { path: target, name: path.basename(info.filename || 'phu-luc') };
      stream.on('limit', () => (tooLarge = true));
      writing = pipeline(stream, createWriteStream(target, { mode: 0o600 }));
    });
    parser.on('error', () => reject(new DomainError('VALIDATION_FAILED', say.importNotMultipart)));
    parser.on('close', () => {
      writing.then(
        () => (tooLarge ? reject(new DomainError('FILE_TOO_LARGE', say.importTooLarge)) : resolve({ file, fields })),
        reject,
      );
    });
    request.pipe(parser);
  });
}

/** Every file under a folder with its content: what to put back if an import must be undone. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(full, await fs.readFile(full));
    }
  }
  return files;
}

/** The admin imports a plan's appendix from a CSV/XLSX table: preview first, then write and load. */
@ApiExcludeController()
@Controller('quan-tri/nhap-phu-luc')
export class AdminImportPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly definitions: DefinitionsService,
    private readonly generation: GenerationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private render(request: AccessRequest, response: Response, extra: Record<string, unknown>, status = 200) {
    sendHtml(response, this.pages.render('quan-tri-nhap-phu-luc', { ...pageBase(request, say.titles.import, 'import'), values: {}, ...extra }), status);
  }

  @Get()
  form(@Req() request: AccessRequest, @Res() response: Response) {
    this.render(request, response, {});
  }

  @Post()
  async submit(@Req() request: AccessRequest, @Res() response: Response) {
    const tmpDir = path.join(this.config.dataDir, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    let form: Awaited<ReturnType<typeof readImportForm>> | undefined;
    try {
      form = await readImportForm(request, tmpDir);
      const values = form.fields;
      if (!form.file) throw new DomainError('VALIDATION_FAILED', say.importFileMissing);
      const plan = (values.plan ?? '').trim();
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/u.test(plan)) throw new DomainError('VALIDATION_FAILED', say.importPlanInvalid(plan));
      const from = values.from?.trim() ? parseVietnameseDate(values.from) : undefined;
      const to = values.to?.trim() ? parseVietnameseDate(values.to) : undefined;
      if ((values.from?.trim() && !from) || (values.to?.trim() && !to)) throw new DomainError('VALIDATION_FAILED', say.importDatesInvalid);
      const apply = values.apply === '1';
      const displayRoot = path.dirname(this.config.workflowsDir);
      const before = apply ? await snapshot(this.config.workflowsDir) : undefined;
      // The importer names files by the uploaded name (format detection): keep it beside the temporary copy.
      const named = path.join(path.dirname(form.file.path), `${path.basename(form.file.path, path.extname(form.file.path))}-${form.file.name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}`);
      await fs.rename(form.file.path, named);
      form.file.path = named;
      const report: ImportReport = await importAppendix(
        { file: named, plan, from, to, dryRun: !apply, force: apply, title: values.title?.trim() || undefined },
        this.config.workflowsDir,
        vietnamDate(this.clock.now()),
      );
      let loaded: string | undefined;
      if (apply) {
        if (report.problems.length) {
          // Nobody can fix files by hand from a browser: what the import wrote is undone.
          for (const written of report.written.map((w) => path.resolve(displayRoot, w))) {
            const previous = before!.get(written);
            if (previous) await fs.writeFile(written, previous);
            else await fs.rm(written, { force: true });
            await fs.rmdir(path.dirname(written)).catch(() => undefined);
          }
          throw new DomainError('DEFINITIONS_INVALID', say.importProblems(report.problems.length), { problems: report.problems });
        }
        const result = await this.definitions.load();
        await this.generation.generate({ until: vietnamDate(this.clock.now()) });
        const rows = result.summary.plans.find((p: { code: string }) => p.code === plan)?.rows;
        loaded = rows ? say.importLoaded(rows.added, rows.newVersions, rows.unchanged, rows.retired) : '';
      }
      this.render(request, response, { report, applied: apply, loaded, values: { plan, title: values.title ?? '', from: values.from ?? '', to: values.to ?? '' } });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const problems = (error.details as { problems?: string[]; text?: string[] } | undefined)?.problems ?? (error.details as { text?: string[] } | undefined)?.text ?? [];
      response.setHeader('Connection', 'close');
      this.render(request, response, { formError: error.message, problems, values: form?.fields ?? {} }, error.code === 'FILE_TOO_LARGE' ? 413 : 400);
    } finally {
      if (form?.file) await fs.rm(form.file.path, { force: true });
    }
  }
}
