import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/domain-error';
import { DefinitionsLoader, LoadSummary } from './definitions.loader';
import { definitionMessages as m } from './definitions.messages';
import { formatProblem } from './files/definition-error';
import { DefinitionSetResult, readDefinitionSet } from './files/read-definition-set';

export interface LoadResult {
  files: string[];
  warnings: DefinitionSetResult['set']['warnings'];
  summary: LoadSummary;
}

/** Validates definition files and loads them into the database. */
@Injectable()
export class DefinitionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** File names in messages are relative to the folder that holds `workflows/`. */
  private get displayRoot(): string {
    return path.dirname(this.config.workflowsDir);
  }

  async validate(target: string = this.config.workflowsDir): Promise<DefinitionSetResult> {
    return readDefinitionSet(target, this.config.workflowsDir, this.displayRoot);
  }

  /** Loads everything under `target`, or nothing at all when any file has a problem. */
  async load(target: string = this.config.workflowsDir): Promise<LoadResult> {
    const result = await this.validate(target);
    if (result.problems.length) {
      throw new DomainError('DEFINITIONS_INVALID', m.validationFailed(result.problems.length), {
        problems: result.problems,
        text: result.problems.map(formatProblem),
      });
    }
    const summary = await new DefinitionsLoader(this.db).load(result.set);
    return { files: result.files, warnings: result.set.warnings, summary };
  }
}
