import * as path from 'node:path';
import { DefinitionSet } from '../domain/definition-set';
import { checkDefinitions } from './check-definitions';
import { DefinitionProblem } from './definition-error';
import { listDefinitionFiles, readDefinitionFiles } from './read-definition-files';

export interface DefinitionSetResult {
  files: string[];
  set: DefinitionSet;
  problems: DefinitionProblem[];
}

/**
 * Reads and checks every definition file under `target`. When `target` holds no agency
 * directory (e.g. one plan's folder), the directory files of `workflowsDir` are read too,
 * so the plan's references can resolve.
 */
export async function readDefinitionSet(target: string, workflowsDir: string, displayRoot = process.cwd()): Promise<DefinitionSetResult> {
  const files = await listDefinitionFiles(target);
  let read = await readDefinitionFiles(files, displayRoot);
  if (!read.files.some((f) => f.kind === 'directory') && path.resolve(target) !== path.resolve(workflowsDir)) {
    const extra = (await listDefinitionFiles(workflowsDir).catch(() => [])).filter((f) => !files.includes(f));
    const more = await readDefinitionFiles(extra, displayRoot);
    const directories = more.files.filter((f) => f.kind === 'directory');
    const directoryNames = new Set(directories.map((f) => f.file));
    read = {
      files: [...directories, ...read.files],
      problems: [...more.problems.filter((p) => directoryNames.has(p.file)), ...read.problems],
      brokenPlans: read.brokenPlans,
    };
    files.unshift(...extra.filter((f) => directoryNames.has(path.relative(displayRoot, f) || path.basename(f))));
  }
  const checked = checkDefinitions(read.files, read.brokenPlans);
  return { files: files.map((f) => path.relative(displayRoot, f) || path.basename(f)), set: checked.set, problems: [...read.problems, ...checked.problems] };
}
