import { hasAtlasTxModeNone, noTransaction } from '../directives.js';
import { Problems } from '../problems.js';
import { decodeFile, part } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource } from '../types.js';
import { compareNumericVersions, nextSequential } from '../version.js';

/**
 * golang-migrate: `{version}_{title}.up.sql` and an optional `{version}_{title}.down.sql`.
 * golang-migrate parses the version as an unsigned integer, so ordering is numeric and `0001`
 * and `1` are the same version. golang-migrate itself never opens a transaction; Cairn does,
 * unless the up file starts with Atlas's `-- atlas:txmode none` header (which Atlas also honours
 * in golang-migrate directories), so that is how a no-transaction migration is written.
 * atlas.sum covers only the up files (Atlas ≥ 0.32.1); older sums that also hashed down files
 * are recognised by `checkSum`.
 */
const NAME_RE = /^(\d+)_(.*)\.(up|down)\.sql$/;

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  const groups = new Map<string, { version: string; title: string; up?: DirFile; down?: DirFile }>();
  for (const f of listing.files.filter((x) => x.name.endsWith('.sql'))) {
    const m = NAME_RE.exec(f.name);
    if (!m) {
      problems.add(f.name, 'name is not {version}_{title}.up.sql or .down.sql');
      continue;
    }
    const g = groups.get(`${BigInt(m[1])}`) ?? { version: m[1], title: m[2] };
    if (m[3] === 'up') {
      if (g.up) problems.add(f.name, `duplicate version (also in ${g.up.name})`);
      // The up file names the migration; a down spelled `01_` for an up spelled `1_` still pairs.
      g.up = f;
      g.version = m[1];
      g.title = m[2];
    } else {
      if (g.down) problems.add(f.name, `duplicate version (also in ${g.down.name})`);
      g.down = f;
    }
    groups.set(`${BigInt(m[1])}`, g);
  }
  const out: Migration[] = [];
  for (const g of groups.values()) {
    if (!g.up) {
      problems.add(g.down!.name, 'down file has no matching .up.sql');
      continue;
    }
    const up = part(decodeFile(g.up));
    const down = g.down ? part(decodeFile(g.down)) : undefined;
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
