import { CairnError } from '../../errors.js';

/** One thing wrong with one file of a directory. */
export interface Problem {
  readonly file: string;
  readonly reason: string;
  readonly line?: number;
}

/**
 * Problems collects everything wrong with a directory before failing, so that one run tells the
 * user about every bad file instead of one per attempt.
 */
export class Problems {
  readonly list: Problem[] = [];

  add(file: string, reason: string, line?: number): void {
    this.list.push(line === undefined ? { file, reason } : { file, reason, line });
  }

  /** Throws one CairnError DIR_INVALID listing every problem; `details.problems` has them as data. */
  throwIfAny(format: string, hint?: string): void {
    if (this.list.length === 0) return;
    const rows = this.list.map((p) => `  ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.reason}`);
    const n = this.list.length;
    throw new CairnError('DIR_INVALID', `${n} invalid file${n === 1 ? '' : 's'} in ${format} migration directory:\n${rows.join('\n')}`, {
      details: { file: this.list[0].file, line: this.list[0].line, format, problems: this.list },
      hint,
    });
  }
}

/**
 * reportDuplicates reports every group of files that share a version, once per group and in
 * file order: `duplicate version 3: 3_a.sql, 3_b.sql`. `files` pairs each version with the file
 * that declares it; `key` maps a version to its identity in the format (goose's `03` and `3` are
 * one version), and the message shows that identity.
 */
export function reportDuplicates(problems: Problems, files: readonly { version: string; file: string }[], key = (v: string) => v): void {
  const byVersion = new Map<string, string[]>();
  for (const f of files) {
    const k = key(f.version);
    const group = byVersion.get(k);
    if (group) group.push(f.file);
    else byVersion.set(k, [f.file]);
  }
  for (const [k, group] of byVersion) {
    if (group.length > 1) problems.add(group[0], `duplicate version ${k}: ${group.join(', ')}`);
  }
}

