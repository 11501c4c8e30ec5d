/**
 * The generic differ: matches two realms' objects by name (and rename hints) and emits the
 * closed `Change` union. It compares model values as data, attributes included, so a dialect's
 * extension attributes need no code here. It compares what every dialect's model has (schemas,
 * tables, views, indexes, triggers, comments; extensions, which only some databases report);
 * schema objects only one database has (PostgreSQL's types, sequences, routines) are that
 * dialect's to diff, through `DiffHooks.diffSchemaObjects`. Checks for unsafe drops live in
 * safety.ts.
 */
import type { Extension, Realm, Schema, View } from '../schema/model.js';
import { emptySchema } from '../schema/build.js';
import type { Change, VersionedExtension } from './changes.js';
import { versionsDiffer, withoutVersion } from './extension-versions.js';
import { comment, same } from './compare.js';
import type { DiffHooks } from './hooks.js';
import { matchByName, schemaHint, type RenameHint } from './renames.js';
import { diffTables, diffIndexes, type Inheritance } from './table.js';
import { inheritance } from './inherits.js';
import { checkSafety } from './safety.js';

export interface DiffOptions {
  /** The dialect's answers to the differ's questions: its schema engine's `diffHooks`. */
  readonly hooks: DiffHooks;
  readonly renames?: readonly RenameHint[];
  /** Allow changes that drop data (tables, columns, schemas). */
  readonly allowDrop?: boolean;
  /** The one schema of a database without schemas (SchemaEngine.soleSchema): messages and rename hints leave it out. */
  readonly soleSchema?: string;
  /**
   * Neither compare extension versions nor pin them, even pinned or live ones: `CREATE
   * EXTENSION` without `VERSION`, for teams that let each server install its default version.
   */
  readonly ignoreExtensionVersions?: boolean;
}

/** diffRealms computes the changes that turn `from` into `to`; throws CairnError UNSAFE_CHANGE per safety.ts. */
export function diffRealms(from: Realm, to: Realm, opts: DiffOptions): Change[] {
  const hints = opts.renames ?? [];
  const out: Change[] = [];
  // A version is compared only where both sides have one (see extension-versions.ts).
  const version = (e: Extension): Extension => (opts.ignoreExtensionVersions ? withoutVersion(e) : e);
  const ext = matchByName(from.extensions.map(version), to.extensions.map(version), (e) => e.name);
  ext.added.forEach((extension) => out.push({ kind: 'AddExtension', extension }));
  ext.dropped.forEach((extension) => out.push({ kind: 'DropExtension', extension }));
  for (const [f, t] of ext.same) {
    if (f.schema !== t.schema) out.push({ kind: 'DropExtension', extension: f }, { kind: 'AddExtension', extension: t });
    else if (versionsDiffer(f, t)) out.push({ kind: 'ModifyExtension', from: f as VersionedExtension, to: t as VersionedExtension });
  }

  const schemas = matchByName(from.schemas, to.schemas, (s) => s.name);
  const table = (r: Realm) => (t: { schema: string; name: string }) => r.schemas.find((x) => x.name === t.schema)?.tables.find((x) => x.name === t.name);
  const inh: Inheritance = { from: inheritance(from), to: inheritance(to), fromTable: table(from), toTable: table(to), hooks: opts.hooks };
  for (const s of schemas.added) {
    out.push({ kind: 'AddSchema', schema: s });
    diffSchema(emptySchema(s.name), s, hints, inh, out);
  }
  for (const [f, t] of schemas.same) diffSchema(f, t, hints, inh, out);
  for (const s of schemas.dropped) {
    diffSchema(s, emptySchema(s.name), hints, inh, out);
    out.push({ kind: 'DropSchema', schema: s });
  }
  checkSafety(out, opts.allowDrop ?? false, opts.soleSchema);
  return out;
}

function diffSchema(from: Schema, to: Schema, hints: readonly RenameHint[], inh: Inheritance, out: Change[]): void {
  const hint = schemaHint(hints, to.name);
  comment(out, { on: 'schema', name: to.name }, from.comment, to.comment);
  // The dialect's own schema objects (PostgreSQL: types, sequences, routines...) come first:
  // the tables' columns may use a type it renames.
  const typeRenames = inh.hooks.diffSchemaObjects?.(from, to, { renamedFrom: hint, out }) ?? new Map<string, string>();
  diffTables(from, to, hints, new Map([[to.name, typeRenames]]), inh, out);
  diffViews(from.views, to.views, hint, out);
}

function diffViews(from: readonly View[], to: readonly View[], hint: (n: string) => string | undefined, out: Change[]): void {
  const m = matchByName(from, to, (v) => v.name, hint);
  m.added.forEach((view) => out.push({ kind: 'AddView', view }));
  m.dropped.forEach((view) => out.push({ kind: 'DropView', view }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameView', from: f, to: t });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    const ref = { schema: t.schema, name: t.name };
    // A view's triggers are re-created with it: any change to them re-builds the view.
    if (f.def !== t.def || f.materialized !== t.materialized || !same(f.attrs, t.attrs) || !same(f.triggers, t.triggers)) {
      out.push({ kind: 'ModifyView', from: f, to: t });
      continue; // re-created with its indexes and comment
    }
    diffIndexes(ref, f.indexes, t.indexes, hint, out);
    comment(out, { on: t.materialized ? 'materialized view' : 'view', ref }, f.comment, t.comment);
    const columns = [...new Set([...Object.keys(f.columnComments), ...Object.keys(t.columnComments)])].sort();
    for (const column of columns) comment(out, { on: 'column', ref, column }, f.columnComments[column], t.columnComments[column]);
  }
}
