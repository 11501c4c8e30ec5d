import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CairnError } from '../errors.js';
import { getFormat } from '../migrate/dir/formats/index.js';
import { memoryListing } from '../migrate/dir/listing.js';
import { readMigrationDir } from '../migrate/dir/read.js';
import { WRITABLE_FORMAT_NAMES, type DirFile, type DirFormat, type FormatName, type Migration, type MigrationSource } from '../migrate/dir/types.js';
import { checkSum } from '../migrate/sum/check.js';
import { compareBytes } from '../migrate/dir/version.js';
import { computeSum, renderSum, SUM_FILE } from '../migrate/sum/hash.js';
import { checkSql } from './validate.js';

export interface ImportOptions {
  /** The source directory. */
  readonly dir: string;
  /** The source format; detected when absent. */
  readonly from?: FormatName;
  readonly to: FormatName;
  /** The destination; must be absent or an empty directory. */
  readonly out: string;
}

export interface ImportResult {
  readonly from: FormatName;
  readonly to: FormatName;
  /** Number of migrations written. */
  readonly migrations: number;
  /** Absolute paths of every file written, atlas.sum last. */
  readonly files: string[];
  /** True when source versions could not be kept in the target format and were renumbered. */
  readonly renumbered: boolean;
}

/**
 * importDir converts a migration directory to another format (`cairn import`), keeping down
 * parts and the no-transaction flag, and writes atlas.sum. The result is built in a temporary
 * sibling directory, re-read with the target format and compared with the source, and only then
 * renamed to `out`, so a failure leaves nothing behind. A source with an atlas.sum that does not
 * match is refused: converting tampered files would launder them.
 */
export function importDir(opts: ImportOptions): ImportResult {
  const out = resolve(opts.out);
  if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new CairnError('USAGE', `${out} exists and is not a directory; import writes into a new or empty directory`, { details: { file: out } });
  }
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new CairnError('USAGE', `${out} is not empty; import writes into a new or empty directory`, { details: { file: out } });
  }
  // Checked first: a read-only target is a usage error whatever the source holds.
  const target = getFormat(opts.to);
  if (!target.writable) {
    throw new CairnError('USAGE', `cannot import into ${target.name}: Cairn reads the ${target.name} format but does not write it; --to must be one of ${WRITABLE_FORMAT_NAMES.join(', ')}`, {
      details: { format: target.name, writable: [...WRITABLE_FORMAT_NAMES] },
    });
  }
  const source = readMigrationDir(resolve(opts.dir), opts.from ? { format: opts.from } : {});
  checkSql(source);
  const check = checkSum(source);
  if (check.present && !check.ok) {
    throw new CairnError('SUM_MISMATCH', `atlas.sum does not match ${source.path}; refusing to import it`, {
      details: { file: SUM_FILE, findings: check.findings },
      hint: check.findings[0]?.hint,
    });
  }
  const { sources, renumbered } = toSources(source.migrations, source.format, target, source.listing.readFile.bind(source.listing));
  const files = renderAll(target, sources);
  const written = stageAndCommit(out, files);
  verify(out, target, source.migrations);
  return { from: source.format.name, to: target.name, migrations: sources.length, files: written, renumbered };
}

interface Converted {
  /** Absent for a TypeScript migration, which is copied as it is. */
  readonly source?: MigrationSource;
  /** Files copied as they are (TypeScript code migrations). */
  readonly extra: DirFile[];
}

/**
 * toSources turns parsed migrations into sources for the target. Versions are kept when the
 * target accepts them in the same order; otherwise every migration is renumbered 0001, 0002…
 * in source order (the order is what matters; a new tool starts a new revision history anyway).
 */
function toSources(ms: readonly Migration[], from: DirFormat, to: DirFormat, read: (name: string) => DirFile): { sources: Converted[]; renumbered: boolean } {
  const unsupported = ms.filter((m) => (m.repeatable || m.baseline) && to.name !== 'flyway').map((m) => m.up.file);
  const code = ms.filter((m) => m.kind === 'ts' && to.name !== 'atlas').map((m) => m.up.file);
  if (unsupported.length || code.length) {
    const rows = [
      ...unsupported.map((f) => `  ${f}: repeatable/baseline migrations exist only in flyway`),
      ...code.map((f) => `  ${f}: TypeScript migrations exist only in the atlas format`),
    ];
    throw new CairnError('DIR_INVALID', `cannot import into ${to.name}:\n${rows.join('\n')}`, { details: { file: unsupported[0] ?? code[0], format: to.name } });
  }
  const keep = versionsFit(ms.map((m) => m.importVersion ?? m.version), from, to);
  const width = Math.max(4, String(ms.length).length);
  const sources = ms.map((m, i): Converted => {
    const version = keep ? m.importVersion ?? m.version : String(i + 1).padStart(width, '0');
    const description = m.description.replace(/\s+/g, '_');
    if (m.kind === 'ts') {
      const bytes = read(m.up.file).bytes;
      return { extra: [{ name: `${version}${description ? `_${description}` : ''}.ts`, bytes }] };
    }
    const src: MigrationSource = {
      version,
      description,
      up: m.up.text,
      ...(m.down ? { down: m.down.text } : {}),
      ...(m.noTransaction ? { noTransaction: true } : {}),
      ...(m.repeatable ? { repeatable: true } : {}),
      ...(m.baseline ? { baseline: true } : {}),
    };
    return { source: src, extra: [] };
  });
  return { sources, renumbered: !keep };
}

/** versionsFit: every version is one the target can name, and the target orders them as the source does. */
function versionsFit(versions: readonly string[], from: DirFormat, to: DirFormat): boolean {
  const shape: Record<string, RegExp> = {
    atlas: /^\d[0-9A-Za-z.\-]*$/,
    'golang-migrate': /^\d+$/,
    goose: /^0*[1-9]\d*$/, // goose versions start at 1
    dbmate: /^\d+$/,
    flyway: /^(\d+(?:[._]\d+)*|R__.+)$/,
    liquibase: /^\S+$/,
  };
  const re = shape[to.name] ?? /^$/;
  if (!versions.every((v) => re.test(v))) return false;
  // Liquibase files are read in file-name order, so there the versions must sort as bytes.
  const cmp = to.name === 'liquibase' ? compareBytes : to.compareVersions;
  for (let i = 1; i < versions.length; i++) if (cmp(versions[i - 1], versions[i]) >= 0 && from.name !== to.name) return false;
  return true;
}

function renderAll(target: DirFormat, converted: readonly Converted[]): DirFile[] {
  const files = converted.flatMap((c) => [...(c.source ? target.render(c.source) : []), ...c.extra]);
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) throw new CairnError('DIR_INVALID', `two migrations render to the same file ${f.name}`, { details: { file: f.name } });
    names.add(f.name);
  }
  const sum = computeSum(target.sumFiles(memoryListing(files)));
  return [...files, { name: SUM_FILE, bytes: Buffer.from(renderSum(sum), 'utf8') }];
}

/** stageAndCommit writes into a temporary sibling of `out` and renames it into place. */
function stageAndCommit(out: string, files: readonly DirFile[]): string[] {
  const tmp = join(dirname(out), `.${basename(out)}.cairn-import-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dirname(out), { recursive: true });
    mkdirSync(tmp);
    for (const f of files) writeFileSync(join(tmp, f.name), f.bytes, { flag: 'wx' });
    if (existsSync(out)) rmdirSync(out); // empty, checked above
    renameSync(tmp, out);
  } catch (err) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // tmp could not even be created (its parent is a file): nothing to clean up.
    }
    if (err instanceof CairnError) throw err;
    throw new CairnError('FILE_UNREADABLE', `could not write ${out}: ${(err as Error).message}`, { details: { file: out }, cause: err });
  }
  return files.map((f) => join(out, f.name));
}

/** verify re-reads the result: same number of migrations, same SQL, same down parts. */
function verify(out: string, target: DirFormat, expected: readonly Migration[]): void {
  const problems: string[] = [];
  try {
    const got = readMigrationDir(out, { format: target.name }).migrations;
    if (got.length !== expected.length) problems.push(`${got.length} migrations read back, expected ${expected.length}`);
    got.forEach((m, i) => {
      const e = expected[i];
      if (!e) return;
      if (m.kind === 'sql' && !sameSql(m.up.text, e.up.text)) problems.push(`${m.up.file}: up SQL differs after conversion`);
      if ((m.down === undefined) !== (e.down === undefined) || (m.down && e.down && !sameSql(m.down.text, e.down.text))) problems.push(`${m.up.file}: down SQL differs after conversion`);
      if (m.noTransaction !== e.noTransaction) problems.push(`${m.up.file}: transaction mode differs after conversion`);
    });
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length) {
    rmSync(out, { recursive: true, force: true });
    throw new CairnError('INTERNAL', `import produced a directory that does not read back as the source:\n  ${problems.join('\n  ')}`, { details: { file: out } });
  }
}

/**
 * sameSql compares SQL as rendering may legitimately change it: line-end style, blank lines, the
 * format's own no-transaction directive lines (checked separately through the flag) and goose's
 * StatementBegin/End wrappers.
 */
function sameSql(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trimEnd())
      .filter((l) => l !== '' && !/^--\s*(atlas:txmode\s+none|\+goose\s+(no\s+transaction|statementbegin|statementend))\s*$/i.test(l))
      .join('\n');
  return norm(a) === norm(b);
}
