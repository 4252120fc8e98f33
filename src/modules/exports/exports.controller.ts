import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { Acting, type ActingUser, readScope } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { formatVietnamese } from '../scheduling/domain/local-date';
import { formatMailDateTime } from '../reminders/mail-format';
import { PagesQueries } from '../pages/pages.queries';
import { taskClassificationLabels, taskStatusLabels } from '../tasks/domain/task-lifecycle.messages';
import { InstancesQueries } from '../tasks/instances.queries';
import { exportMessages as say } from './exports.messages';
import { ExportsQueries } from './exports.queries';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_ROWS = 100_000;
const FORMATS = ['xlsx', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export class InstanceExportQuery {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @IsString() row?: string;
  @IsOptional() @IsString() agency?: string;
  @IsOptional() @IsString() period?: string;
  @IsOptional() @IsIn(['open', 'submitted', 'accepted', 'returned', 'waived', 'cancelled']) state?: string;
  @IsOptional() @IsIn(Object.keys(taskClassificationLabels)) classification?: string;
  @IsOptional() @Matches(DATE) @IsISO8601({ strict: true, strictSeparator: true }) dueFrom?: string;
  @IsOptional() @Matches(DATE) @IsISO8601({ strict: true, strictSeparator: true }) dueTo?: string;
}

export class ComplianceExportQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsString() section?: string;
  @IsOptional() @IsString() group?: string;
  @IsOptional() @IsString() period?: string;
}

export class FiguresExportQuery {
  @IsOptional() @IsString() plan?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsString() row?: string;
  @IsOptional() @IsString() period?: string;
  @IsOptional() @IsString() agency?: string;
}

interface InstanceItem {
  row: { key: string; task: string };
  period: { label: string };
  agency: { code: string; name: string };
  role: string;
  state: keyof typeof taskStatusLabels;
  classification: keyof typeof taskClassificationLabels;
  dueDate: string;
  submittedAt: string | null;
  submissionCount: number;
}

/** A table as XLSX (bold frozen header, filters, widths, real dates) or CSV (UTF-8 with BOM for Excel). */
async function sendTable(response: Response, format: Format, name: string, sheet: string, headers: readonly string[], rows: (string | number | Date | null)[][], dateColumns: number[] = []) {
  const stamp = new Date().toISOString().slice(0, 10);
  const file = `${name}-${stamp}.${format}`;
  response.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (format === 'csv') {
    response.type('text/csv; charset=utf-8');
    const text = stringify([headers, ...rows.map((r) => r.map((v) => (v instanceof Date ? formatVietnamese(v.toISOString().slice(0, 10)) : v)))]);
    response.send(`\uFEFF${text}`);
    return;
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'phuluc';
  const ws = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  headers.forEach((h, i) => {
    const column = ws.getColumn(i + 1);
    const longest = Math.max(h.length, ...rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
    column.width = Math.min(60, Math.max(10, longest + 2));
    if (dateColumns.includes(i)) column.numFmt = 'dd/mm/yyyy';
  });
  response.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  response.send(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** A calendar day as an Excel date (midnight UTC, shown as dd/mm/yyyy). */
const dayCell = (date: string) => new Date(`${date}T00:00:00Z`);

@ApiTags('exports')
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly instances: InstancesQueries,
    private readonly pages: PagesQueries,
    private readonly exports: ExportsQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('instances.:format')
  @ApiOperation({ summary: 'Xuất danh sách nhiệm vụ (XLSX hoặc CSV) theo bộ lọc, trong phạm vi cơ quan của người dùng' })
  @ApiParam({ name: 'format', enum: FORMATS })
  async instancesExport(@Param('format') format: string, @Query() q: InstanceExportQuery, @Acting() user: ActingUser, @Res() response: Response) {
    const chosen = this.format(format);
    const result = await this.instances.list({ ...q, page: 1, limit: MAX_ROWS + 1, scope: readScope(user) });
    if (result.total > MAX_ROWS) throw new DomainError('VALIDATION_FAILED', say.tooMany(MAX_ROWS));
    const rows = (result.items as InstanceItem[]).map((i) => [
      i.row.key,
      i.row.task,
      i.period.label,
      i.agency.code,
      i.agency.name,
      say.roleLabels[i.role] ?? i.role,
      dayCell(String(i.dueDate).slice(0, 10)),
      taskStatusLabels[i.state],
      taskClassificationLabels[i.classification],
      i.submittedAt ? formatMailDateTime(i.submittedAt) : null,
      i.submissionCount,
    ]);
    await sendTable(response, chosen, 'nhiem-vu', say.instancesSheet, say.instanceHeaders, rows, [6]);
  }

  @Get('compliance.:format')
  @ApiOperation({ summary: 'Xuất ma trận tuân thủ cơ quan × dòng phụ lục của một năm (XLSX hoặc CSV)' })
  @ApiParam({ name: 'format', enum: FORMATS })
  async complianceExport(@Param('format') format: string, @Query() q: ComplianceExportQuery, @Acting() user: ActingUser, @Res() response: Response) {
    const chosen = this.format(format);
    const year = q.year ?? Number(vietnamDate(this.clock.now()).slice(0, 4));
    const matrix = await this.pages.complianceMatrix(user, { year, section: q.section, group: q.group, period: q.period });
    if (!matrix) throw new DomainError('NOT_FOUND', say.noPlan);
    const headers = [...say.complianceFirstHeaders, ...matrix.rows, say.complianceLastHeader];
    const rows = matrix.agencies.map((a) => [
      a.code,
      a.name,
      ...a.cells.map((c) => (c.total ? `${say.cell(c.done ?? 0, c.total)} ${taskClassificationLabels[c.worst as keyof typeof taskClassificationLabels] ?? ''}`.trim() : null)),
      a.onTimeRate,
    ]);
    await sendTable(response, chosen, `tuan-thu-${year}`, say.complianceSheet(year), headers, rows);
  }

  @Get('figures.:format')
  @ApiOperation({
    summary:
      'Xuất số liệu các cơ quan đã báo cáo trong một năm (XLSX hoặc CSV): mỗi cơ quan, kỳ và số liệu một dòng, theo lần gửi gần nhất không bị trả lại; trong phạm vi cơ quan của người dùng',
  })
  @ApiParam({ name: 'format', enum: FORMATS })
  async figuresExport(@Param('format') format: string, @Query() q: FiguresExportQuery, @Acting() user: ActingUser, @Res() response: Response) {
    const chosen = this.format(format);
    const year = q.year ?? Number(vietnamDate(this.clock.now()).slice(0, 4));
    const rows = await this.exports.figures({ plan: q.plan, year, row: q.row, period: q.period, agency: q.agency, scope: readScope(user) }, MAX_ROWS + 1);
    if (rows.length > MAX_ROWS) throw new DomainError('VALIDATION_FAILED', say.tooMany(MAX_ROWS));
    const table = rows.map((r) => [
      r.row_key,
      r.period_label,
      r.agency_code,
      r.agency_name,
      r.metric_code,
      r.metric_name,
      r.unit,
      Number(r.value),
      r.version,
      dayCell(vietnamDate(new Date(r.submitted_at))),
      say.reviewLabels[r.review_status] ?? r.review_status,
    ]);
    await sendTable(response, chosen, `so-lieu-${year}`, say.figuresSheet(year), say.figureHeaders, table, [9]);
  }

  private format(value: string): Format {
    const format = FORMATS.find((f) => f === value);
    if (!format) throw new DomainError('NOT_FOUND', `Không có định dạng "${value}" (xlsx hoặc csv).`);
    return format;
  }
}
