/**
 * expectReversible: every pending migration's down undoes its up, checked one migration at a
 * time on a real database: inspect → up (that migration) → down → inspect, which must equal
 * the first inspection → up again, so the next migration starts where production would.
 * SQL and code migrations alike, through the runner's own apply and down.
 */
import { CairnError } from '../errors.js';
import { assertValidDir } from '../migrate/sum/dir-gate.js';
import type { ApplyOptions } from '../migrate/runner/types.js';
import { apply } from '../commands/apply.js';
import { down } from '../commands/down.js';
import { status } from '../commands/status.js';
import { differences, engineFor, inspectUrl, listed, SchemaAssertionError, schemaText, scopeOf, type SchemaScopeOptions } from './schema-compare.js';

export interface ExpectReversibleOptions extends Omit<ApplyOptions, 'toVersion' | 'count' | 'dryRun' | 'baseline' | 'inline' | 'initSchema'>, SchemaScopeOptions {}

export interface ReversibleResult {
  /** The migrations checked, in order; the database ends with all of them applied. */
  readonly checked: readonly { readonly version: string; readonly file: string }[];
}

/**
 * expectReversible checks each pending migration of `dir` in order, and throws a
 * SchemaAssertionError naming the first one whose down does not restore the schema its up
 * started from (listing the statements down would also need to run), or that has no down at all.
 * Migrations already applied are taken as they are; start from an empty database to check all.
 */
export async function expectReversible(opts: ExpectReversibleOptions): Promise<ReversibleResult> {
  // The scope options are for the inspections; the runner calls get the rest.
  const { schemas: _schemas, exclude: _exclude, ...target } = opts;
  const files = new Map(assertValidDir(opts.dir, { format: opts.format, sumRequired: false }).migrations.map((m) => [m.version, m.up.file]));
  const engine = await engineFor(opts.url);
  const scope = scopeOf(opts);
  const now = await status(target);
  if (now.partial) {
    throw new CairnError('HISTORY_MISMATCH', `expectReversible: migration ${now.partial.version} is only partially applied on ${now.target}`, {
      details: { version: now.partial.version },
      hint: 'check reversibility on a database with a clean history: a new createTestDatabase(), or cleanDatabase() first',
    });
  }
  const pending = now.pending;
  const checked: { version: string; file: string }[] = [];
  for (const { version } of pending) {
    const file = files.get(version) ?? version;
    const before = await inspectUrl(opts.url, engine, scope);
    await upOne(target, version, file, false);
    try {
      await down({ ...target, count: 1 });
    } catch (e) {
      if (e instanceof CairnError && e.code === 'NO_DOWN') {
        throw new SchemaAssertionError(`migration ${file} (${version}) has no down: it cannot be rolled back`, {
          details: { version, file }, cause: e,
        });
      }
      throw new SchemaAssertionError(`the down of migration ${file} (${version}) failed: ${(e as Error).message}`, { details: { version, file }, cause: e });
    }
    const after = await inspectUrl(opts.url, engine, scope);
    const missing = differences(engine, after, before);
    if (missing.length > 0) {
      throw new SchemaAssertionError(
        `the down of migration ${file} (${version}) does not reverse its up: the schema differs from before the up; down would also need:\n${listed(missing)}`,
        { actual: schemaText(engine, after), expected: schemaText(engine, before), details: { version, file, statements: missing } },
      );
    }
    await upOne(target, version, file, true);
    checked.push({ version, file });
  }
  return { checked };
}

/**
 * Applies exactly the next pending migration, which must be `version`. A first up that fails is
 * the runner's error as it is; one that fails `again`, after the down, means the down left
 * something behind that the up trips over (a table it creates, a row it inserts).
 */
async function upOne(target: Omit<ApplyOptions, 'count'>, version: string, file: string, again: boolean): Promise<void> {
  let r;
  try {
    r = await apply({ ...target, count: 1 });
  } catch (e) {
    if (!again) throw e;
    throw new SchemaAssertionError(`migration ${file} (${version}) fails to apply again after its down: ${(e as Error).message}`, { details: { version, file }, cause: e });
  }
  const ran = r.applied.map((a) => a.version);
  if (ran.length !== 1 || ran[0] !== version) {
    throw new CairnError('INTERNAL', `expectReversible expected to apply ${version} and applied ${ran.join(', ') || 'nothing'}`);
  }
}
