import { CairnError } from '../../../errors.js';
import { Problems } from '../problems.js';
import { decodeFile, part } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration } from '../types.js';
import { compareBytes } from '../version.js';

/**
 * Drizzle (read-only): `meta/_journal.json` lists the migrations in apply order; its entries,
 * not file names, are the source of truth, so a `.sql` file the journal does not mention is
 * ignored without error (drizzle-kit leaves such orphans behind). Statements are separated by
 * `--> statement-breakpoint` comments, which the lexer handles. The journal's order is the apply
 * order, and a migration's identity is its tag (`0003_add_users`): two branches that both add a
 * `0003_…` are two migrations. The tag's prefix before `_` (`0003`) is what an import keeps as
 * the version, the rest the description. A tag listed twice is refused.
 */
export const JOURNAL = 'meta/_journal.json';

interface JournalEntry {
  readonly idx?: number;
  readonly tag: string;
}

function readJournal(listing: DirListing, problems?: Problems): JournalEntry[] | undefined {
  if (!listing.subdirs.includes('meta') || !listing.listSubdir('meta').includes(JOURNAL)) return undefined;
  const raw = listing.readFile(JOURNAL);
  try {
    const j = JSON.parse(decodeFile(raw).text) as { entries?: unknown };
    if (!Array.isArray(j.entries) || !j.entries.every((e) => e && typeof (e as JournalEntry).tag === 'string')) throw new Error('entries must be a list of { tag }');
    return j.entries as JournalEntry[];
  } catch (err) {
    if (err instanceof CairnError) throw err;
    problems?.add(JOURNAL, `invalid journal: ${(err as Error).message}`);
    return [];
  }
}

function journaled(listing: DirListing, problems?: Problems): { tag: string; file?: DirFile }[] {
  const entries = readJournal(listing, problems) ?? [];
  const byName = new Map(listing.files.map((f) => [f.name, f]));
  return entries.map((e) => ({ tag: e.tag, file: byName.get(`${e.tag}.sql`) }));
}

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  if (readJournal(listing) === undefined) problems.add(JOURNAL, 'missing: a drizzle directory needs its journal');
  const out: Migration[] = [];
  const seen = new Set<string>();
  for (const e of journaled(listing, problems)) {
    if (!e.file) {
      problems.add(`${e.tag}.sql`, 'listed in the journal but missing');
      continue;
    }
    if (seen.has(e.tag)) {
      problems.add(`${e.tag}.sql`, 'listed twice in the journal');
      continue;
    }
    seen.add(e.tag);
    const at = e.tag.indexOf('_');
    out.push({
      version: e.tag,
      importVersion: at > 0 ? e.tag.slice(0, at) : e.tag,
      description: at > 0 ? e.tag.slice(at + 1) : '',
      kind: 'sql',
      up: part(decodeFile(e.file)),
      noTransaction: false,
    });
  }
  problems.throwIfAny('drizzle');
  return out;
}

export const drizzleFormat: DirFormat = {
  name: 'drizzle',
  writable: false,
  detect: (listing) => (readJournal(listing) === undefined ? 0 : 1),
  /** The journal is hashed too: it decides the order, so reordering it must break the sum. */
  sumFiles(listing) {
    const files = [...new Map(journaled(listing).flatMap((e) => (e.file ? [[e.file.name, e.file] as const] : []))).values()];
    if (readJournal(listing) !== undefined) files.push(listing.readFile(JOURNAL));
    return files.sort((a, b) => compareBytes(a.name, b.name));
  },
  parse,
  compareVersions: compareBytes,
  render() {
    throw new CairnError('USAGE', 'the drizzle format is read-only; import it into another format with `cairn import`');
  },
  nextVersion() {
    throw new CairnError('USAGE', 'the drizzle format is read-only; new migrations are written by drizzle-kit');
  },
};
