/**
 * `cairn ci`: one command for a pull-request job. Against the base branch (`--git-base REF`) it
 *
 * 1. validates the directory and its atlas.sum (two branches that each added a migration and
 *    re-hashed conflict here: the merged sum matches neither);
 * 2. **merge check**: when this branch's new migrations sort below the base's newest (merged out
 *    of order), proves on the dev database whether production's order (the base's migrations,
 *    then these) and a new database's (version order) build the same schema;
 * 3. **upgrade check**: replays the base's directory, then the new migrations (deployed → new),
 *    naming the file and statement that fails; with `url`, the same on a copy of production's
 *    schema;
 * 4. lints the new migrations.
 *
 * Every check runs even when one before it failed (a sum conflict does not hide a merge
 * conflict), and reports rather than throws; what cannot be read at all (no git repository, a
 * base ref that does not exist, a directory that does not parse) is thrown as a CairnError.
 */
import type { Diagnostic } from '../lint/types.js';
import type { SumFinding } from '../migrate/sum/check.js';
import type { FormatName } from '../migrate/dir/types.js';
import type { LintConfig } from '../config/types.js';
import type { TxMode } from '../migrate/runner/types.js';
import { redactUrl } from '../dialects/url.js';
import { CairnError, EXIT } from '../errors.js';
import type { GitCommit } from '../migrate/dir/git.js';
import { readHistories, refOf, type MigrationRef } from '../ci/history.js';
import { chooseCheckDevDatabase, mergeVerdict, replayBothOrders, type MergeCheckResult } from '../ci/merge-check.js';
import type { OrderOutcome } from '../ci/replay-order.js';
import { checkProduction, needsReplay, replayBaseFirst, upgradeVerdict, type ProductionCheckResult, type UpgradeCheckResult } from '../ci/upgrade-check.js';
import { lintNewFiles } from '../ci/lint-step.js';
import { validate } from './validate.js';

export interface CiOptions {
  /** The migration directory (the branch's, in the work tree). */
  readonly dir: string;
  readonly format?: FormatName;
  /** The base branch as a git ref (`origin/main`); its directory is read from git, never checked out. */
  readonly gitBase?: string;
  /** Or the base's directory on disk (library use). */
  readonly baseDir?: string;
  /** The dev database (default: the dialect's embedded one, see chooseDevDatabase). */
  readonly devUrl?: string;
  /** The project's target (config `url`): its dialect, when no other URL says. Never connected to. */
  readonly targetUrl?: string;
  /** Production (or staging): also run the upgrade on a copy of its schema (read only). */
  readonly url?: string;
  readonly revisionsTable?: string;
  readonly revisionsSchema?: string;
  readonly schemas?: readonly string[];
  readonly exclude?: readonly string[];
  /** On a server dev database, create roles the migrations reference but the server lacks. */
  readonly createRoles?: boolean;
  /** The `lint` section of the config (rule severities, naming); `false` skips linting. */
  readonly lint?: LintConfig | false;
  /** The runner's transaction mode (config `txMode`), which the transaction lint rules read. */
  readonly txMode?: TxMode;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** What every check reports: its status and one line for people. */
export interface CiCheck {
  readonly status: CheckStatus;
  readonly message: string;
}

export interface CiResult {
  /** No check failed. */
  readonly ok: boolean;
  /** The exit code the CLI uses: 0, 3 when atlas.sum does not match, 1 when another check failed. */
  readonly exitCode: number;
  /** The base commit and the merge base (with a git base). */
  readonly base?: GitCommit;
  readonly mergeBase?: GitCommit;
  /** This branch's new migrations (what the checks are about). */
  readonly added: readonly MigrationRef[];
  /** What had to be assumed or chosen (no merge base in a shallow clone, a scratch dev database). */
  readonly notes: readonly string[];
  /** The dev database, password masked. */
  readonly devUrl: string;
  readonly validate: CiCheck & { readonly findings: readonly SumFinding[] };
  readonly merge: CiCheck & { readonly result: MergeCheckResult };
  readonly upgrade: CiCheck & { readonly result: Omit<UpgradeCheckResult, 'production' | 'devUrl'> };
  readonly production: CiCheck & { readonly result?: ProductionCheckResult };
  readonly lint: CiCheck & { readonly diagnostics: readonly Diagnostic[] };
}

const status = (ok: boolean): CheckStatus => (ok ? 'passed' : 'failed');

/** ci runs every check of a pull-request job (see the file comment). */
export async function ci(opts: CiOptions): Promise<CiResult> {
  if (opts.gitBase === undefined && opts.baseDir === undefined) {
    throw new CairnError('USAGE', 'ci needs the base branch to compare with: pass --git-base REF (e.g. origin/main)', {
      hint: 'in a pull request job: --git-base origin/$GITHUB_BASE_REF (GitHub Actions) or origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME (GitLab)',
    });
  }
  const v = validate({ dir: opts.dir, format: opts.format });
  const validateCheck = {
    status: status(v.ok),
    message: v.ok
      ? `atlas.sum matches (${v.migrations} migrations, ${v.format} format)`
      : v.code === 'SUM_MISSING'
        ? 'the directory has migrations but no atlas.sum (run `cairn hash`)'
        : `atlas.sum does not match the directory: ${v.findings.map((f) => f.message).join('; ')} (two branches that each added a migration conflict here: merge, then run \`cairn hash\`)`,
    findings: v.findings,
  };

  const h = await readHistories({ dir: opts.dir, gitBase: opts.gitBase, baseDir: opts.baseDir, format: opts.format ?? v.format });
  const choice = await chooseCheckDevDatabase(opts);
  const { engine, devUrl } = choice;
  const notes = [...h.notes, ...(choice.note ? [choice.note] : [])];

  // Production's order is replayed once, for the upgrade check and (when non-linear) the merge check.
  let baseFirst: OrderOutcome | undefined;
  let versionOrder: OrderOutcome | undefined;
  if (h.outOfOrder.length > 0) [baseFirst, versionOrder] = await replayBothOrders(h, engine, devUrl, opts);
  else if (needsReplay(h)) baseFirst = await replayBaseFirst(h, engine, devUrl, opts);
  const merge = mergeVerdict(h, baseFirst && versionOrder ? { baseFirst, versionOrder, engine } : undefined);
  const upgrade = upgradeVerdict(h, baseFirst);

  const production = opts.url === undefined
    ? { status: 'skipped' as const, message: 'no --url: the upgrade was not tried on a copy of production\'s schema' }
    : await checkProduction(h, { ...opts, format: opts.format ?? v.format }, engine, devUrl).then((r) => ({ status: status(r.ok), message: r.message, result: r }));

  const lint = opts.lint === false
    ? { status: 'skipped' as const, message: 'lint turned off', diagnostics: [] }
    : await lintNewFiles({
      dir: opts.dir, format: opts.format ?? v.format, files: h.added.filter((m) => m.kind === 'sql').map((m) => m.up.file),
      devUrl, config: opts.lint, txMode: opts.txMode, createRoles: opts.createRoles,
    });

  const checks = {
    validate: validateCheck,
    merge: { status: status(merge.ok), message: merge.message, result: merge },
    upgrade: { status: status(upgrade.ok), message: upgrade.message, result: upgrade },
    production,
    lint,
  };
  const ok = Object.values(checks).every((c) => c.status !== 'failed');
  return {
    ok,
    exitCode: ok ? EXIT.OK : validateCheck.status === 'failed' ? EXIT.INTEGRITY : EXIT.ERROR,
    ...(h.baseCommit ? { base: h.baseCommit } : {}),
    ...(h.forkCommit ? { mergeBase: h.forkCommit } : {}),
    added: h.added.map(refOf),
    notes,
    devUrl: redactUrl(devUrl),
    ...checks,
  };
}
