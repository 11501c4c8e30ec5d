import { hasAtlasTxModeNone, noTransaction } from '../directives.js';
import { Problems } from '../problems.js';
import { decodeFile, part } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource } from '../types.js';
import { compareNumericVersions, nextSequential } from '../version.js';

/**
 * golang-migrate: `{version}_{title}.up.sql` and an optional `{version}_{title}.down.sql`.
 * golang-migrate parses the version as an unsigned 64-bit integer (`source/parse.go`:
 * `^([0-9]+)_(.*)\.(down|up)\.(.*)$`, `strconv.ParseUint`), so ordering is numeric and `0001`
 * and `1` are the same version, which two up files may not share. golang-migrate itself never
 * opens a transaction; Cairn does, unless the up file starts with Atlas's `-- atlas:txmode none`
 * header (which Atlas also honours in golang-migrate directories), so that is how a
 * no-transaction migration is written.
 * atlas.sum covers only the up files (Atlas ≥ 0.32.1); older sums that also hashed down files
 * are recognised by `checkSum`.
 */
const NAME_RE = /^(\d+)_(.*)\.(up|down)\.sql$/;

/** golang-migrate reads versions with strconv.ParseUint(v, 10, 64). */
const MAX_UINT64 = 2n ** 64n - 1n;

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  const groups = new Map<string, { version: string; title: string; ups: DirFile[]; downs: DirFile[] }>();
  for (const f of listing.files.filter((x) => x.name.endsWith('.sql'))) {
    const m = NAME_RE.exec(f.name);
    if (!m) {
      problems.add(f.name, 'name is not {version}_{title}.up.sql or .down.sql');
      continue;
    }
    if (BigInt(m[1]) > MAX_UINT64) {
      problems.add(f.name, `version ${m[1]} does not fit golang-migrate's unsigned 64-bit integer`);
      continue;
    }
    // The identity is the number: `0001` and `1` are one version to golang-migrate.
    const key = `${BigInt(m[1])}`;
    const g = groups.get(key) ?? { version: m[1], title: m[2], ups: [], downs: [] };
    if (m[3] === 'up') {
      // The up file names the migration; a down spelled `01_` for an up spelled `1_` still pairs.
      if (g.ups.length === 0) {
        g.version = m[1];
        g.title = m[2];
      }
      g.ups.push(f);
    } else g.downs.push(f);
    groups.set(key, g);
  }
  const out: Migration[] = [];
  for (const [key, g] of groups) {
    if (g.ups.length > 1) problems.add(g.ups[0].name, `duplicate version ${key}: ${g.ups.map((f) => f.name).join(', ')}`);
    if (g.downs.length > 1) problems.add(g.downs[0].name, `duplicate version ${key}: ${g.downs.map((f) => f.name).join(', ')}`);
    if (g.ups.length === 0) {
      for (const d of g.downs) problems.add(d.name, 'down file has no matching .up.sql');
      continue;
    }
    const up = part(decodeFile(g.ups[0]));
    const down = g.downs[0] ? part(decodeFile(g.downs[0])) : undefined;
    out.push({ version: g.version, description: g.title, kind: 'sql', up, noTransaction: noTransaction(up.text), ...(down ? { down } : {}) });
  }
  problems.throwIfAny('golang-migrate');
  return out.sort((a, b) => compareNumericVersions(a.version, b.version));
}

function render(m: MigrationSource): readonly DirFile[] {
  const base = `${m.version}_${m.description || 'migration'}`;
  const up = m.noTransaction && !hasAtlasTxModeNone(m.up) ? `-- atlas:txmode none\n\n${m.up}` : m.up;
  const files: DirFile[] = [{ name: `${base}.up.sql`, bytes: Buffer.from(withNewline(up), 'utf8') }];
  if (m.down !== undefined) files.push({ name: `${base}.down.sql`, bytes: Buffer.from(withNewline(m.down), 'utf8') });
  return files;
}

/** withNewline ends non-empty text with exactly one newline, as editors and formatters expect. */
export function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

export const golangMigrateFormat: DirFormat = {
  name: 'golang-migrate',
  writable: true,
  detect(listing) {
    const sql = listing.files.filter((f) => f.name.endsWith('.sql'));
    if (sql.length === 0) return 0;
    const ok = sql.filter((f) => NAME_RE.test(f.name)).length;
    return ok === 0 ? 0 : 0.9 * (ok / sql.length);
  },
  sumFiles: (listing) => listing.files.filter((f) => f.name.endsWith('.up.sql')),
  parse,
  compareVersions: compareNumericVersions,
  render,
  nextVersion: nextSequential,
};
