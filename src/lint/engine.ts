/**
 * The lint engine (in the spirit of Atlas's `sqlcheck`): walks the migrations under review on
 * a dev database (walk.ts), hands every statement and every file to the rules, and turns their
 * findings into diagnostics with a code, a severity after the configuration, and the position
 * of the statement in its file, minus what `nolint` directives silence.
 */
import { withDevDatabase } from '../diff/devdb.js';
import { extensionsIn, isEmbedded } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import type { LintConfig } from '../config/types.js';
import type { InspectScope, SchemaEngine } from '../engine/types.js';
import { CairnError } from '../errors.js';
import type { Migration, MigrationDir } from '../migrate/dir/types.js';
import { nolintDirective } from '../sql/directives.js';
import type { Dialect } from '../dialects/types.js';
import { countDiagnostics, type LintFailure, type LintResult, type LintedFile } from './result.js';
import type { Selected } from './select.js';
import { activeRules, silences, type ActiveRule } from './settings.js';
import { splitForLint, type FileStatements } from './statements.js';
import type { Diagnostic, Finding, LintRule, StatementPass } from './types.js';
import { walk, type LintProgressEvent, type WalkedFile } from './walk.js';

export interface LintRun {
  readonly dir: MigrationDir;
  readonly selected: Selected;
  readonly dialect: Dialect;
  readonly engine: SchemaEngine;
  readonly devUrl: string;
  /** Every rule that may run (generic and the dialect's); the configuration then picks. */
  readonly rules: readonly LintRule[];
  readonly config?: LintConfig;
  readonly scope: InspectScope;
  readonly devSearchPath?: string;
  /** The runner's transaction mode: `none` never wraps a file. */
  readonly txMode?: 'file' | 'all' | 'none';
  /** Create roles the history references on a server dev database (see DevOptions.createRoles). */
  readonly createRoles?: boolean;
  readonly onProgress?: (e: LintProgressEvent) => void;
}

/**
 * runLint lints the selected migrations. A statement under review that the dev database rejects
 * ends the walk: CairnError MIGRATION_FAILED naming the file and line, whose `details.lint`
 * holds the result for what was analyzed before it. SQL that cannot be split is SQL_SYNTAX,
 * before any database work.
 */
export async function runLint(run: LintRun): Promise<LintResult> {
  const { active, unknown } = activeRules(run.rules, run.config);
  const warnings = unknown.map((c) => `lint.rules names ${c}, which no ${run.dialect.displayName} rule has`);
  const base = {
    dir: run.dir.path, selection: run.selected.selection, silenced: 0, warnings,
    rules: active.map(({ rule, severity }) => ({ code: rule.code, family: rule.family, severity, summary: rule.summary })),
  };
  const reviewed = run.selected.reviewed;
  if (reviewed.length === 0) return { ...base, files: [], diagnostics: [], counts: countDiagnostics([]) };

  const split = new Map<Migration, FileStatements>();
  // A TypeScript migration has no statements to split: it runs whole (walk.ts says so in the result).
  for (const m of reviewed) split.set(m, m.kind === 'sql' ? splitForLint(m.up, run.dialect.lexer) : { statements: [] });
  const last = run.dir.migrations.indexOf(reviewed[reviewed.length - 1]!);
  const migrations = run.dir.migrations.slice(0, last + 1);
  const embedded = isEmbedded(run.devUrl);
  run.onProgress?.({ type: 'dev-start', embedded, message: 'starting the dev database' });
  const walked = await withDevDatabase(run.devUrl, (conn, dev) => walk({
    conn, dev, engine: run.engine, scope: run.scope, dir: run.dir.path, migrations, reviewed: split,
    wrapsFiles: run.dialect.capabilities.transactionalDdl && run.txMode !== 'none',
    searchPath: run.devSearchPath, onProgress: run.onProgress,
  }), { extensions: extensionsIn(run.devUrl, migrations.map((m) => m.up.text)), createRoles: run.createRoles });

  const { diagnostics, silenced } = analyze(walked.files, active);
  const files: LintedFile[] = reviewed.map((m) => {
    const w = walked.files.find((f) => f.migration === m);
    return { file: m.up.file, version: m.version, statements: w?.pass.statements.length ?? 0, ...(w?.skipped ? { skipped: w.skipped } : {}) };
  });
  const result: LintResult = {
    ...base, files, diagnostics, silenced, counts: countDiagnostics(diagnostics),
    devUrl: redactUrl(run.devUrl), ...(walked.server ? { server: walked.server.label } : {}),
  };
  if (walked.failure) throw rejectedError(walked.failure, result);
  return result;
}

/** rejectedError: the dev database refused a statement under review. */
function rejectedError(f: LintFailure, result: LintResult): CairnError {
  return new CairnError('MIGRATION_FAILED', `${f.file}:${f.line}:${f.column}: the dev database rejected this statement${f.sqlState ? ` [${f.sqlState}]` : ''}: ${f.message}`, {
    details: { file: f.file, line: f.line, column: f.column, version: f.version, statement: f.statement, ...(f.sqlState ? { sqlState: f.sqlState } : {}), failure: f, lint: result },
    hint: 'a server like the dev database would refuse it in production too: fix the statement, or point --dev-url at a server of production\'s kind and version (what was analyzed before it is reported above; the files after it were not analyzed)',
  });
}

/**
 * analyze runs the rules over the walked files: each statement rule on each statement, each
 * file rule on each file. A finding is dropped when the file's header or the statement's own
 * `nolint` covers it; the rest become diagnostics, deduplicated and in order.
 */
export function analyze(files: readonly WalkedFile[], rules: readonly ActiveRule[]): { diagnostics: Diagnostic[]; silenced: number } {
  const out: Ordered[] = [];
  let silenced = 0;
  files.forEach((f, order) => {
    const statements = f.pass.statements;
    if (statements.length === 0) return;
    const nolintOf = statements.map((p) => statementNolint(p));
    const emit = (ar: ActiveRule, finding: Finding, at: number) => {
      const p = statements[at] ?? statements[0]!;
      if (silences(f.nolint, ar.rule.code, ar.rule.family) || silences(nolintOf[p.index], ar.rule.code, ar.rule.family)) {
        silenced++;
        return;
      }
      out.push({ ...diagnostic(ar, finding, p), order });
    };
    for (const ar of rules) {
      if (ar.rule.checkStatement) {
        for (const p of statements) for (const finding of guarded(ar.rule, p, () => ar.rule.checkStatement!(p))) emit(ar, finding, finding.statement ?? p.index);
      }
      if (ar.rule.checkFile) {
        for (const finding of guarded(ar.rule, statements[0]!, () => ar.rule.checkFile!(f.pass))) emit(ar, finding, finding.statement ?? 0);
      }
    }
  });
  const seen = new Set<string>();
  const unique = out.filter((d) => {
    const k = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort((a, b) => a.order - b.order || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
  return { diagnostics: unique.map(({ order: _order, ...d }) => d), silenced };
}

type Ordered = Diagnostic & { order: number };

function diagnostic(ar: ActiveRule, finding: Finding, p: StatementPass): Diagnostic {
  return {
    code: ar.rule.code, severity: ar.severity, family: ar.rule.family,
    file: p.file.name, version: p.file.version, line: p.statement.start.line, column: p.statement.start.column,
    statement: p.statement.text, message: finding.message, fix: finding.fix,
  };
}

/** statementNolint: the codes a `nolint` comment directly above the statement silences (undefined: none). */
function statementNolint(p: StatementPass): readonly string[] | undefined {
  let codes: string[] | undefined;
  for (const c of p.statement.leadingComments) {
    const n = nolintDirective(c);
    if (n === undefined) continue;
    if (n.length === 0) return [];
    codes = [...(codes ?? []), ...n];
  }
  return codes;
}

/** guarded runs a rule; a rule that throws is a bug in Cairn, reported with where it happened. */
function guarded(rule: LintRule, p: StatementPass, fn: () => readonly Finding[]): readonly Finding[] {
  try {
    return fn();
  } catch (e) {
    throw new CairnError('INTERNAL', `lint rule ${rule.code} failed on ${p.file.name}:${p.statement.start.line}: ${(e as Error)?.message ?? String(e)}`, {
      cause: e, details: { file: p.file.name, line: p.statement.start.line, rule: rule.code },
    });
  }
}
