/**
 * Test-local rules for the lint engine's tests: they report what the engine hands them, so the
 * tests can assert on the passes (before/after, changes, new tables, transactions) and on how
 * findings become diagnostics, independent of the real rules' wording.
 */
import type { Change } from '../../src/diff/changes.js';
import type { FilePass, Finding, LintRule, RuleFamily, Severity, StatementPass } from '../../src/lint/types.js';

/** describeChange: `RenameColumn users.name->full_name`, `AddTable t2`, … */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'RenameColumn': return `RenameColumn ${c.table.name}.${c.from.name}->${c.to.name}`;
    case 'RenameTable': return `RenameTable ${c.from.name}->${c.to.name}`;
    case 'AddTable': case 'DropTable': return `${c.kind} ${c.table.name}`;
    case 'AddColumn': case 'DropColumn': return `${c.kind} ${c.table.name}.${c.column.name}`;
    case 'ModifyColumn': return `ModifyColumn ${c.table.name}.${c.to.name} ${c.kinds.join(',')}`;
    case 'AddIndex': case 'DropIndex': return `${c.kind} ${c.index.name}`;
    case 'RenameIndex': return `RenameIndex ${c.from.name}->${c.to.name}`;
    default: return c.kind;
  }
}

/** A rule that reports every change of every statement (`XC001`), and keeps the passes it saw. */
export function changeRule(opts: { code?: string; family?: RuleFamily; severity?: Severity; optIn?: boolean } = {}): LintRule & { passes: StatementPass[] } {
  const passes: StatementPass[] = [];
  return {
    code: opts.code ?? 'XC001',
    family: opts.family ?? 'destructive',
    severity: opts.severity ?? 'error',
    summary: 'reports every change (test rule)',
    ...(opts.optIn ? { optIn: true } : {}),
    passes,
    checkStatement(p: StatementPass): Finding[] {
      passes.push(p);
      return p.changes.map((c) => ({ message: describeChange(c), fix: `undo ${c.kind}` }));
    },
  };
}

/** A rule that flags statements whose text matches `re` (`XT001`). */
export function textRule(re: RegExp, opts: { code?: string; family?: RuleFamily; severity?: Severity } = {}): LintRule {
  return {
    code: opts.code ?? 'XT001',
    family: opts.family ?? 'destructive',
    severity: opts.severity ?? 'warning',
    summary: `statements matching ${re} (test rule)`,
    checkStatement: (p) => (re.test(p.statement.text) ? [{ message: `matched ${re}`, fix: 'do not' }] : []),
  };
}

/** A file rule (`XF001`) pointing at the file's last statement, and keeping the file passes. */
export function fileRule(): LintRule & { files: FilePass[] } {
  const files: FilePass[] = [];
  return {
    code: 'XF001', family: 'transaction', severity: 'info', summary: 'one finding per file (test rule)', files,
    checkFile(f: FilePass): Finding[] {
      files.push(f);
      return [{ message: `${f.statements.length} statements`, fix: 'none', statement: f.statements.length - 1 }];
    },
  };
}
