/**
 * The rules every tool shares, over the tool's entries (tools/*.ts read them), the directory and
 * the rows Cairn's revision table already holds. Pure: no I/O, so every rule is testable with
 * plain arrays.
 *
 * - Every tool entry must match a directory migration (an `unmatched` entry is refused), and no
 *   two entries may match one migration.
 * - Dirty, failed and partial entries and checksum mismatches are refused (the tool's own rules
 *   say which: ToolEntry.problem, ChecksumCheck `mismatch`).
 * - A gap is refused: a directory migration before the last one the tool applied, which the tool
 *   never applied (and Cairn does not record either). Repeatable migrations are never gaps.
 * - What Cairn already records must agree: a matched migration whose Cairn row is partial, a
 *   failed attempt, or of another hash, is refused; so is a matched migration Cairn lacks while
 *   it records a later one. Rows that agree are not written again, which makes adopt idempotent.
 */
import { isComplete } from '../runner/plan.js';
import type { DirMigration, LoadedDir } from '../runner/session.js';
import type { Revision } from '../runner/types.js';
import type { AdoptMapping, AdoptTool, ToolEntry } from './types.js';

export interface AdoptPlan {
  readonly mapping: readonly AdoptMapping[];
  /** Migrations to record as applied, in directory order. */
  readonly toWrite: readonly DirMigration[];
  /** The tool's baseline to record as a Cairn baseline row (not yet recorded). */
  readonly baseline?: { readonly version: string; readonly migration?: DirMigration };
  /** Every refusal, one line each, naming the entry. */
  readonly problems: readonly string[];
  /** Matched entries exist and Cairn records all of them already. */
  readonly alreadyAdopted: boolean;
}

type Row = { -readonly [K in keyof AdoptMapping]: AdoptMapping[K] };

export function planAdoption(tool: Pick<AdoptTool, 'label'>, entries: readonly ToolEntry[], loaded: LoadedDir, cairn: readonly Revision[]): AdoptPlan {
  const { migrations, compare } = loaded;
  const at = new Map(migrations.map((m, i) => [m.version, i]));
  const own = new Map<string, ToolEntry>();
  const notes = new Map<string, string>();
  const extra: Row[] = [];
  let baseline: ToolEntry | undefined;
  for (const e of entries) {
    if (e.ignored) {
      if (e.migration) notes.set(e.migration.version, `${e.key}: ${e.note ?? 'ignored'}`);
      else extra.push({ version: null, file: null, key: e.key, status: 'ignored', checksum: e.checksum, ...(e.note ? { note: e.note } : {}) });
      continue;
    }
    if (e.baseline) baseline = e;
    if (!e.migration) {
      if (e.baseline) continue;
      extra.push({
        version: null, file: null, key: e.key, status: 'unmatched', checksum: e.checksum, ...(e.note ? { note: e.note } : {}),
        problem: `no migration of the directory matches it${e.problem ? `; ${e.problem}` : ''}`,
      });
      continue;
    }
    const other = own.get(e.migration.version);
    if (other) {
      extra.push({ version: e.migration.version, file: e.migration.source.up.file, key: e.key, status: 'unmatched', checksum: e.checksum, problem: `matches ${e.migration.version}, which ${other.key} already matches` });
      continue;
    }
    own.set(e.migration.version, e);
  }

  // Where the tool's history ends, and what its baseline and single-row entries stand for.
  const baselineAt = baseline?.migration ? at.get(baseline.migration.version)! : undefined;
  const baselineVersion = baseline?.migration?.version ?? baseline?.version;
  const belowBaseline = (m: DirMigration, i: number) =>
    baseline !== undefined && !m.repeatable && (baselineAt !== undefined ? i <= baselineAt : baselineVersion !== undefined && compare(m.version, baselineVersion) <= 0);
  const coverer = [...own.values()].filter((e) => e.coversEarlier).map((e) => at.get(e.migration!.version)!).reduce((a, b) => Math.max(a, b), -1);
  const applied = (m: DirMigration, i: number) => {
    const e = own.get(m.version);
    return (e !== undefined && !e.outdated && !e.baseline) || belowBaseline(m, i) || (!m.repeatable && i <= coverer);
  };
  const last = migrations.reduce((acc, m, i) => (!m.repeatable && applied(m, i) ? i : acc), -1);

  const rows = new Map(cairn.map((r) => [r.version, r]));
  const cairnBaseline = cairn.filter((r) => r.kind === 'baseline').map((r) => r.version).sort(compare).pop();
  const recordedByCairn = (m: DirMigration) => {
    const r = rows.get(m.version);
    if (r !== undefined) return isComplete(r) && (r.hash === '' || r.hash === m.hash);
    return cairnBaseline !== undefined && !m.repeatable && compare(m.version, cairnBaseline) <= 0;
  };
  const disagreement = (m: DirMigration): string | undefined => {
    const r = rows.get(m.version);
    if (r === undefined || recordedByCairn(m)) return undefined;
    const what = !isComplete(r) ? (r.applied === 0 ? `a failed attempt${r.error ? ` (${r.error.split('\n', 1)[0]})` : ''}` : `partial (${r.applied}/${r.total} statements)`) : `applied from a file with another hash (${r.hash})`;
    return `Cairn's revision table records it as ${what}, ${tool.label} as applied`;
  };

  const mapping: Row[] = [];
  const toWrite: DirMigration[] = [];
  migrations.forEach((m, i) => {
    const e = own.get(m.version);
    const base = { version: m.version, file: m.source.up.file };
    const note = notes.get(m.version);
    if (e && e.outdated) {
      mapping.push({ ...base, key: e.key, status: 'pending', checksum: e.checksum, ...(e.note ? { note: e.note } : {}) });
      return;
    }
    if (e) {
      const problem = e.problem ?? (e.checksum === 'mismatch' ? `checksum mismatch: the file changed since ${tool.label} applied it${e.note ? ` (${e.note})` : ''}` : disagreement(m));
      const recorded = e.baseline ? cairnBaseline === m.version || recordedByCairn(m) : recordedByCairn(m);
      mapping.push({ ...base, key: e.key, status: e.baseline ? 'baseline' : 'matched', checksum: e.checksum, ...(e.note ? { note: e.note } : {}), ...(problem ? { problem } : {}), recorded });
      if (!problem && !recorded && !e.baseline) toWrite.push(m);
      return;
    }
    if (belowBaseline(m, i)) {
      mapping.push({ ...base, key: null, status: 'baseline', note: `below ${tool.label}'s baseline ${baseline!.key}`, recorded: recordedByCairn(m) });
      return;
    }
    if (!m.repeatable && i <= coverer) {
      const by = migrations[coverer]!;
      const problem = disagreement(m);
      const recorded = recordedByCairn(m);
      mapping.push({ ...base, key: `≤ ${own.get(by.version)!.key}`, status: 'matched', checksum: 'absent', ...(problem ? { problem } : {}), recorded });
      if (!problem && !recorded) toWrite.push(m);
      return;
    }
    const recorded = recordedByCairn(m);
    const gap = !m.repeatable && i < last && !recorded;
    mapping.push({
      ...base, key: null, status: 'pending',
      ...(note || recorded ? { note: [note, recorded ? 'recorded by Cairn' : undefined].filter(Boolean).join('; ') } : {}),
      ...(gap ? { problem: `never applied by ${tool.label}, yet a later migration (${migrations[last]!.version}) was` } : {}),
    });
  });

  // Cairn must not record a later migration while lacking one the tool applied.
  const firstNew = toWrite[0];
  if (firstNew !== undefined) {
    const later = cairn.filter((r) => isComplete(r) && r.kind !== 'baseline' && compare(r.version, firstNew.version) > 0 && !toWrite.some((m) => m.version === r.version)).map((r) => r.version).sort(compare);
    if (later.length > 0) {
      const row = mapping.find((r) => r.version === firstNew.version)!;
      row.problem = `Cairn's revision table records later migrations (${later.join(', ')}) but not this one, which ${tool.label} applied`;
      toWrite.length = 0;
    }
  }

  const all = [...mapping, ...extra];
  // Each refusal names the file (when one matches) and the tool's own key for the entry.
  const problems = all.filter((r) => r.problem).map((r) => `${r.file ?? r.key}${r.file && r.key !== null ? ` (${r.key})` : ''}: ${r.problem}`);
  const baselineRecorded = baseline?.migration ? mapping.find((r) => r.version === baseline!.migration!.version)?.recorded : cairnBaseline === baselineVersion;
  const baselinePlan = baselineVersion !== undefined && !baselineRecorded
    ? { version: baselineVersion, ...(baseline?.migration ? { migration: baseline.migration } : {}) }
    : undefined;
  const matched = all.some((r) => r.status === 'matched' || r.status === 'baseline');
  return {
    mapping: all, toWrite: problems.length > 0 ? [] : toWrite, ...(baselinePlan && problems.length === 0 ? { baseline: baselinePlan } : {}), problems,
    alreadyAdopted: problems.length === 0 && matched && toWrite.length === 0 && baselinePlan === undefined,
  };
}
