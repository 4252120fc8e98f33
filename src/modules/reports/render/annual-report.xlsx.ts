/**
 * The annual report's annex as a workbook: the targets, every task of the years with its
 * deliverables, compliance per agency, the late list and the figures; one sheet each, bold
 * frozen headers with filters, real numbers and dates.
 */
import ExcelJS from 'exceljs';
import { vietnamDate } from '../../../common/clock';
import type { AnnualReportModel } from '../report.model';
import { annexWords as w } from './report-annex.words';

const day = (value: string | null) => (value ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : null);

function addSheet(book: ExcelJS.Workbook, name: string, headers: readonly string[], rows: (string | number | Date | null)[][], dateColumns: number[] = []) {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...headers]).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  headers.forEach((h, i) => {
    const column = sheet.getColumn(i + 1);
    const longest = Math.max(h.length, ...rows.slice(0, 300).map((r) => String(r[i] ?? '').length));
    column.width = Math.min(60, Math.max(8, longest + 2));
    if (dateColumns.includes(i)) column.numFmt = 'dd/mm/yyyy';
    else if (rows.some((r) => typeof r[i] === 'number')) column.numFmt = '#,##0.##';
  });
}

export async function renderAnnualReportXlsx(model: AnnualReportModel): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'phuluc';
  book.title = model.title;
  addSheet(
    book,
    w.targetsSheet,
    w.targetHeaders,
    model.targets.map((t) => [t.indicatorName, t.unit, t.year, t.target, t.actual, day(t.actualAsOf), t.percentOfTarget, t.met === null ? null : t.met ? w.met : w.notMet, t.targetNote]),
    [5],
  );
  addSheet(
    book,
    w.behindSheet,
    w.behindHeaders,
    model.allocations.flatMap((a) => a.behind.map((b) => [a.indicatorName, a.year, b.agencyName, b.target, b.latest, day(b.latestDate), b.expected])),
    [5],
  );
  addSheet(
    book,
    w.tasksSheet,
    w.taskHeaders,
    model.sections.flatMap((s) =>
      s.rows.flatMap((r) =>
        r.instances.map((i) => [
          s.key,
          r.key,
          r.task,
          i.agencyCode,
          i.agencyName,
          i.role === 'lead' ? w.lead : w.support,
          i.periodLabel,
          day(i.dueDate),
          i.statusLabel,
          i.classificationLabel,
          i.submissions.length,
          day(i.submissions.length ? vietnamDate(new Date(i.submissions[i.submissions.length - 1].submittedAt)) : null),
          i.submissions.flatMap((x) => [x.documentNumber, ...x.fileNames, x.link].filter(Boolean)).join('; ') || null,
        ]),
      ),
    ),
    [7, 11],
  );
  addSheet(
    book,
    w.agenciesSheet,
    w.agencyHeaders,
    model.agencies.map((a) => [a.code, a.name, a.counts.doneOnTime, a.counts.doneLate, a.counts.inProgressOnTime, a.counts.overdueNotDone, a.counts.waived, a.onTimeRate, a.averageWorkingDaysLate]),
  );
  addSheet(
    book,
    w.lateSheet,
    w.lateHeaders,
    model.late.map((l) => [l.agencyCode, l.agencyName, l.headName, l.rowKey, l.task, l.periodLabel, day(l.dueDate), l.workingDaysLate]),
    [6],
  );
  addSheet(
    book,
    w.figuresSheet,
    w.figureHeaders,
    model.figures.map((f) => [f.rowKey, f.metricName, f.unit, f.total, f.aggregation === 'mean' ? w.mean : w.sum, f.agencyCount]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

