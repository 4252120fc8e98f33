/** One problem found in a definition file: where (file, line, row, field) and what. */
export interface DefinitionProblem {
  file: string;
  line?: number;
  column?: number;
  /** Path inside the document, e.g. `rows[3].lead.parties[0]`. */
  path: string;
  /** The appendix row key (e.g. `III.6`) or the agency/group/plan code the problem belongs to. */
  item?: string;
  /** The field name inside that item, e.g. `lead.parties[0]`. */
  field?: string;
  message: string;
}

export function formatProblem(p: DefinitionProblem): string {
  const where = p.line ? `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}` : p.file;
  const what = [p.item ? `[${p.item}]` : '', p.field ?? (p.item ? '' : p.path)].filter(Boolean).join(' ');
  return `${where}: ${what ? what + ': ' : ''}${p.message}`;
}
