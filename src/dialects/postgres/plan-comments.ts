/**
 * COMMENT ON statements. A new object's comment is set after it is created; a dropped object's
 * comment is cleared before the drop, so that the down part (which re-creates the object)
 * restores it.
 */
import type { CommentTarget } from '../../diff/changes.js';
import { assertNever } from '../../errors.js';
import type { Builder, Phase } from './plan-builder.js';
import { literal, q, quoteIdent } from './plan-sql.js';

/** commentOn renders the `COMMENT ON <object>` part for a target. */
export function commentOn(t: CommentTarget): string {
  switch (t.on) {
    case 'schema': return `SCHEMA ${quoteIdent(t.name)}`;
    case 'table': case 'view': case 'materialized view': case 'sequence': case 'index': case 'type': case 'domain':
      return `${t.on.toUpperCase()} ${q(t.ref)}`;
    case 'column': return `COLUMN ${q(t.ref)}.${quoteIdent(t.column)}`;
    case 'constraint': case 'trigger': case 'policy': return `${t.on.toUpperCase()} ${quoteIdent(t.name)} ON ${q(t.ref)}`;
    case 'function': case 'procedure': case 'aggregate': return `${t.on.toUpperCase()} ${q(t.ref)}(${t.args})`;
    case 'collation': case 'text search configuration': return `${t.on.toUpperCase()} ${q(t.ref)}`;
    default: return assertNever(t, 'comment target');
  }
}

const text = (c: string | undefined): string => (c === undefined ? 'NULL' : literal(c));

/** setComment adds a statement changing a comment from `from` to `to` (nothing when equal). */
export function setComment(b: Builder, phase: Phase, target: CommentTarget, from: string | undefined, to: string | undefined): void {
  if ((from ?? '') === (to ?? '')) return;
  const on = commentOn(target);
  b.add(phase, `COMMENT ON ${on} IS ${text(to)}`, `COMMENT ON ${on} IS ${text(from)}`, `${to === undefined ? 'clear' : 'set'} comment on ${on.toLowerCase()}`);
}
