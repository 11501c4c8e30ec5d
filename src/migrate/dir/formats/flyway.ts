import { Problems, reportDuplicates, type Problem } from '../problems.js';
import { decodeFile, part } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource } from '../types.js';
import { compareNumericVersions } from '../version.js';
import { withNewline } from './golang-migrate.js';

/**
 * Flyway: `V<ver>__<desc>.sql` versioned, `U<ver>__<desc>.sql` undo (the down of V<ver>),
 * `B<ver>__<desc>.sql` baseline, `R__<desc>.sql` repeatable. A version is numeric segments split
 * on `.` or `_`, compared as integers with trailing zero segments dropped, as Flyway's
 * `MigrationVersion` does (`V1_10` after `V1_9`; `1.1`, `1_1` and `1.1.0` are the same version,
 * which two files of one kind may not share); gaps are allowed. A `.sql` file whose name is none
 * of these (`V11_x.sql`, no double underscore) is skipped with a warning, as Flyway skips it;
 * when no file at all is a Flyway migration, such names are errors (the format is wrong).
 * Repeatables run after all versioned migrations, ordered by description; their version is the
 * file stem (`R__views`), which is unique and says what they are. SQL callbacks
 * (`beforeMigrate.sql`, `afterEachMigrate__x.sql`) are Flyway hooks, not migrations, and are
 * ignored. A per-script `<file>.sql.conf` with `executeInTransaction=false` runs that script
 * outside a transaction, as in Flyway. atlas.sum covers B, V and R files but not U (nor .conf),
 * as Atlas does.
 */
const NAME_RE = /^([VUB])(\d+(?:[._]\d+)*)__(.*)\.sql$/;
const REPEATABLE_RE = /^R__(.+)\.sql$/;
const CALLBACK_RE = /^(before|after)[A-Z][A-Za-z]*(__.*)?\.sql$/;

type Kind = 'V' | 'U' | 'B' | 'R';

function classify(name: string): { kind: Kind; version: string; description: string } | 'callback' | undefined {
  const m = NAME_RE.exec(name);
  if (m) return { kind: m[1] as Kind, version: m[2], description: m[3] };
  const r = REPEATABLE_RE.exec(name);
  if (r) return { kind: 'R', version: `R__${r[1]}`, description: r[1] };
  return CALLBACK_RE.test(name) ? 'callback' : undefined;
}

/** compareFlywayVersions: numeric segments; repeatables (`R__…`) after every versioned one, by name. */
export function compareFlywayVersions(a: string, b: string): number {
  const ra = a.startsWith('R__');
  const rb = b.startsWith('R__');
  if (ra || rb) return ra && rb ? Buffer.compare(Buffer.from(a), Buffer.from(b)) : ra ? 1 : -1;
  return compareNumericVersions(a, b);
}

const canonical = (v: string) => v.split(/[._]/).map((s) => String(BigInt(s))).join('.').replace(/(\.0)+$/, '');

function parse(listing: DirListing, warn?: (w: Problem) => void): readonly Migration[] {
  const problems = new Problems();
  const byKind: Record<Kind, Map<string, { version: string; description: string; file: DirFile }>> = { V: new Map(), U: new Map(), B: new Map(), R: new Map() };
  const named: Record<Kind, { version: string; file: string }[]> = { V: [], U: [], B: [], R: [] };
  const skipped: string[] = [];
  for (const f of listing.files.filter((x) => x.name.endsWith('.sql'))) {
    const c = classify(f.name);
    if (c === 'callback') continue;
    if (!c) {
      skipped.push(f.name);
      continue;
    }
    const key = c.kind === 'R' ? c.version : canonical(c.version);
    named[c.kind].push({ version: key, file: f.name });
    if (!byKind[c.kind].has(key)) byKind[c.kind].set(key, { ...c, file: f });
  }
  // Flyway's default (validateMigrationNaming=false) ignores a file whose name does not parse;
  // so does Cairn, but it says so: `V11_x.sql` was probably meant to run. When no file at all is
  // a Flyway migration, the directory is in another format: every name is an error then.
  const none = Object.values(named).every((l) => l.length === 0);
  for (const name of skipped) {
    if (none) problems.add(name, 'name is not V<version>__<desc>.sql, U<version>__, B<version>__ or R__<desc>.sql');
    else warn?.({ file: name, reason: 'skipped: not V<version>__<desc>.sql, U<version>__, B<version>__ or R__<desc>.sql, so Flyway ignores it too' });
  }
  // Flyway's identity is the version's numeric parts with trailing zeros dropped: V1_1, V1.1
  // and V1.1.0 are one version.
  for (const kind of ['V', 'U', 'B', 'R'] as const) reportDuplicates(problems, named[kind]);
  for (const [key, u] of byKind.U) if (!byKind.V.has(key)) problems.add(u.file.name, `undo file has no matching V${u.version}__ migration`);
  problems.throwIfAny('flyway');
  const out: Migration[] = [];
  for (const kind of ['V', 'B', 'R'] as const) {
    for (const [key, x] of byKind[kind]) {
      const undo = kind === 'V' ? byKind.U.get(key) : undefined;
      out.push({
        version: x.version,
        description: x.description,
        kind: 'sql',
        up: part(decodeFile(x.file)),
        noTransaction: noTransaction(listing, x.file.name),
        ...(undo ? { down: part(decodeFile(undo.file)) } : {}),
        ...(kind === 'R' ? { repeatable: true } : {}),
        ...(kind === 'B' ? { baseline: true } : {}),
      });
    }
  }
  // Baselines sort right after the versioned migration of the same version, so that a reader of
  // the list sees them where they take effect.
  return out.sort((a, b) => compareFlywayVersions(a.version, b.version) || Number(a.baseline ?? false) - Number(b.baseline ?? false));
}

/** noTransaction reads Flyway's per-script configuration file, if any. */
function noTransaction(listing: DirListing, name: string): boolean {
  const conf = listing.files.find((f) => f.name === `${name}.conf`);
  return conf !== undefined && /^\s*executeInTransaction\s*=\s*false\s*$/m.test(conf.bytes.toString('utf8'));
}

function render(m: MigrationSource): readonly DirFile[] {
  const desc = m.description || 'migration';
  const up = `${m.repeatable ? 'R' : m.baseline ? 'B' : 'V'}${m.repeatable ? '' : m.version}__${desc}.sql`;
  const files: DirFile[] = [{ name: up, bytes: Buffer.from(withNewline(m.up), 'utf8') }];
  if (m.noTransaction) files.push({ name: `${up}.conf`, bytes: Buffer.from('executeInTransaction=false\n', 'utf8') });
  if (m.repeatable) return files;
  if (m.down !== undefined && !m.baseline) files.push({ name: `U${m.version}__${desc}.sql`, bytes: Buffer.from(withNewline(m.down), 'utf8') });
  return files;
}

/**
 * nextFlywayVersion bumps the last segment of the latest version and keeps its separators
 * (`1_27` → `1_28`); an empty directory starts at `1`. Flyway numbers, not timestamps, are what
 * Flyway users write by hand.
 */
export function nextFlywayVersion(_now: Date, latest?: string): string {
  if (latest === undefined || latest.startsWith('R__')) return '1';
  const m = /^(.*?)(\d+)$/.exec(latest);
  return m ? `${m[1]}${String(BigInt(m[2]) + 1n)}` : '1';
}

export const flywayFormat: DirFormat = {
  name: 'flyway',
  writable: true,
  detect(listing) {
    const sql = listing.files.filter((f) => f.name.endsWith('.sql'));
    if (sql.length === 0) return 0;
    const ok = sql.filter((f) => classify(f.name) !== undefined).length;
    return 0.9 * (ok / sql.length);
  },
  sumFiles: (listing) =>
    listing.files.filter((f) => {
      const c = classify(f.name);
      return c !== undefined && c !== 'callback' && c.kind !== 'U';
    }),
  parse,
  compareVersions: compareFlywayVersions,
  render,
  nextVersion: nextFlywayVersion,
};
