/**
 * runAdopt: read the other tool's table and Cairn's own, match (match.ts), and record the
 * matched migrations as Cairn revisions, all in one transaction under Cairn's lock. Every check
 * that can refuse runs before the first write, so a refusal leaves the database as it was (not
 * even Cairn's revision table is created). The other tool's table is only read, never changed.
 *
 * The rows are of kind `set`: like `cairn set`, adopt records migrations as applied without
 * running them, on the word of another tool's history. (A kind of its own would make every
 * Cairn that reads revision-table format 1 without knowing it refuse the table.) A tool's
 * baseline becomes a Cairn `baseline` row, with the same meaning.
 */
import { CAIRN_VERSION } from '../../version.js';
import { CairnError } from '../../errors.js';
import { redactUrl } from '../../dialects/url.js';
import type { Dialect } from '../../dialects/types.js';
import { setRow } from '../runner/set.js';
import { withLock, withSession, type DirMigration, type Session } from '../runner/session.js';
import { quietly, TRANSACTION_FRAME } from '../runner/transaction.js';
import type { Revision } from '../runner/types.js';
import { planAdoption, type AdoptPlan } from './match.js';
import { readLock, readToolTable, type ToolTableRead } from './read.js';
import { TOOLS } from './tools/index.js';
import { TOOL_NAMES, type AdoptOptions, type AdoptResult, type AdoptTool } from './types.js';

export async function runAdopt(opts: AdoptOptions): Promise<AdoptResult> {
  const tool = TOOLS[opts.from];
  if (tool === undefined) {
    throw new CairnError('USAGE', `unknown tool "${String(opts.from)}" for adopt (one of: ${TOOL_NAMES.join(', ')})`, { details: { from: String(opts.from) } });
  }
  return withSession(opts, async (s, loaded) => {
    const run = async (): Promise<AdoptResult> => {
      const read = await readToolTable(s.conn, tool, opts);
      const held = await readLock(s.conn, tool, read.table);
      const state = await s.store.read();
      const entries = tool.entries(read.rows, { loaded, dialect: s.conn.dialect });
      const plan = planAdoption(tool, entries, loaded, state.revisions);
      const problems = [...(held ? [held] : []), ...plan.problems];
      const result = resultOf(tool, read, plan, problems, s, Boolean(opts.dryRun));
      if (opts.dryRun) return result;
      if (problems.length > 0) throw refusal(tool, read, problems, result, s);
      if (plan.toWrite.length > 0 || plan.baseline) await write(s, plan);
      return result;
    };
    // A dry run writes nothing, the lock's bookkeeping included (SQLite's lock is a file).
    return opts.dryRun ? run() : withLock(s, opts, run);
  }, {
    // Connecting to a SQLite file or PGlite directory that is not there would create it: a
    // database another tool migrated exists, so the URL is wrong; refuse before creating anything.
    beforeCreating: () => {
      throw new CairnError('CONNECT', `no database at ${redactUrl(opts.url)}: adopt reads a database another tool already migrated`, {
        hint: 'check the URL (a relative sqlite: path is relative to the current directory)',
      });
    },
  });
}

function resultOf(tool: AdoptTool, read: ToolTableRead, plan: AdoptPlan, problems: readonly string[], s: Session, dryRun: boolean): AdoptResult {
  return {
    tool: tool.name, toolTable: read.label, mapping: plan.mapping,
    written: problems.length > 0 ? [] : plan.toWrite.map((m) => m.version),
    ...(plan.baseline && problems.length === 0 ? { baseline: plan.baseline.version } : {}),
    alreadyAdopted: problems.length === 0 && plan.alreadyAdopted,
    problems, dryRun, dropHint: tool.dropHint.replace('{table}', read.label), target: s.target,
  };
}

function refusal(tool: AdoptTool, read: ToolTableRead, problems: readonly string[], result: AdoptResult, s: Session): CairnError {
  return new CairnError('HISTORY_MISMATCH', `cannot adopt ${s.target} from ${tool.label} (${read.label}): ${problems.length} problem(s), nothing written:\n  ${problems.join('\n  ')}`, {
    details: { tool: tool.name, table: read.label, problems: [...problems], mapping: result.mapping },
    hint: `fix each entry as ${tool.label} would (finish or repair the failed migration, restore the changed file, add the missing one), then run adopt again; --dry-run prints the whole mapping`,
  });
}

async function write(s: Session, plan: AdoptPlan): Promise<void> {
  await s.store.ensure(CAIRN_VERSION);
  const now = new Date().toISOString();
  await s.conn.exec(TRANSACTION_FRAME.open);
  try {
    if (plan.baseline) await s.store.put(baselineRow(plan.baseline.version, plan.baseline.migration, now));
    for (const m of plan.toWrite) await s.store.put(setRow(m, s.conn.dialect, now));
    await s.conn.exec(TRANSACTION_FRAME.close);
  } catch (e) {
    await quietly(s.conn, TRANSACTION_FRAME.abort);
    throw e;
  }
}

function baselineRow(version: string, m: DirMigration | undefined, now: string): Revision {
  return {
    version, description: m?.description ?? '', kind: 'baseline', applied: 0, total: 0, hash: m?.hash ?? '', partialHashes: [], error: null,
    errorStatement: null, downSql: null, startedAt: now, finishedAt: now, durationMs: 0, cairnVersion: CAIRN_VERSION,
  };
}
