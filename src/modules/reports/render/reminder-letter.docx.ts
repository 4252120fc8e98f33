/**
 * The công văn đôn đốc (reminder letter) from the Sở Nội vụ to an agency with overdue tasks,
 * as a DOCX administrative document. Pure: the model in, the file's bytes out.
 */
import { type FileChild } from 'docx';
import { type OverdueTask, type ReminderLetterModel } from '../report.model';
import { formatDate, formatVietnameseNumber } from './format';
import {
  addressBlock,
  bodyParagraph,
  closingBlock,
  dataTable,
  emptyParagraph,
  officialDocument,
  officialHeading,
  packDocument,
} from './official-document';
import { officialWords, planReference, reminderLetterWords as words } from './report-words';

export async function renderReminderLetterDocx(model: ReminderLetterModel): Promise<Buffer> {
  const children: FileChild[] = [
    officialHeading(model.heading, model.subject),
    ...addressBlock(model.addressees),
    emptyParagraph(),
    ...body(model),
    emptyParagraph(),
    closingBlock(model.recipients, model.signature),
  ];
  return packDocument(officialDocument({ title: model.subject, children }));
}

function body(model: ReminderLetterModel): FileChild[] {
  const asOf = formatDate(model.asOf);
  const agency = model.agency.name;
  const overdue =
    model.overdue.length === 0
      ? [bodyParagraph(words.noOverdue(asOf, agency))]
      : [bodyParagraph(words.overdueIntro(asOf, agency, model.overdue.length)), overdueTable(model.overdue)];
  return [
    bodyParagraph(words.planFollowUp(citedPlan(model))),
    ...overdue,
    bodyParagraph(words.request(agency, formatDate(model.replyBy))),
    ...(model.contact ? [bodyParagraph(words.contact(model.contact.unit, model.contact.email))] : []),
    bodyParagraph(words.closing),
  ];
}

function citedPlan(model: ReminderLetterModel): string {
  const { plan } = model;
  return planReference(
    { title: plan.title, documentNumber: plan.documentNumber, issuedOn: plan.issuedOn && formatDate(plan.issuedOn) },
    officialWords.cityCommittee,
  );
}

function overdueTable(overdue: readonly OverdueTask[]): FileChild {
  const t = words.table;
  return dataTable({
    columns: [
      { header: t.number, weight: 6, align: 'center' },
      { header: t.task, weight: 36 },
      { header: t.deliverable, weight: 18 },
      { header: t.period, weight: 12, align: 'center' },
      { header: t.due, weight: 14, align: 'center' },
      { header: t.workingDaysLate, weight: 14, align: 'center' },
    ],
    rows: overdue.map((task, index) => [
      String(index + 1),
      words.taskCell(task.rowKey, task.task),
      task.deliverable,
      task.periodLabel,
      formatDate(task.dueDate),
      formatVietnameseNumber(task.workingDaysLate),
    ]),
  });
}
