/**
 * The HTML preview of the reports: Handlebars templates in templates/reports (escaped by
 * default), one self-contained page with its stylesheet inline, so the file the command line
 * writes opens anywhere; the server allows that one stylesheet by its hash (CSP).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PageRenderer } from '../../pages/page-renderer';
import type { AnnualReportModel } from '../report.model';

export class ReportHtml {
  private constructor(
    private readonly renderer: PageRenderer,
    private readonly style: string,
    /** For a Content-Security-Policy style-src that allows exactly this stylesheet. */
    readonly styleHash: string,
  ) {}

  static async load(dir: string): Promise<ReportHtml> {
    const style = await fs.readFile(path.join(dir, 'report.css'), 'utf8');
    return new ReportHtml(await PageRenderer.load(dir), style, `sha256-${createHash('sha256').update(style).digest('base64')}`);
  }

  annualReport(report: AnnualReportModel): string {
    return this.renderer.render('annual-report', { report, style: this.style });
  }
}
