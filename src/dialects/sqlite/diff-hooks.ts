/**
 * SQLite's answers to the generic differ's questions (src/diff/hooks.ts). Identifiers are
 * double-quoted; SQLite keeps every name as it was declared and compares names without regard
 * to case, but the model keeps the declared spelling, so an unquoted name stands for itself
 * (folding it would lose the match with a column declared `Email`). A renamed name is written
 * without quotes where it needs none, as people (and the inspector's normalized text) write it,
 * so a check or index expression that only follows a column rename compares equal.
 */
import type { DiffHooks } from '../../diff/hooks.js';
import type { IdentifierRules } from '../../diff/rewrite.js';
import { withTriggerName } from './parse-create.js';
import { normalize, quoteIfNeeded } from './sql-text.js';

export const sqliteIdentifiers: IdentifierRules = Object.freeze({ quoteChar: '"' as const, fold: (s: string) => s, quote: quoteIfNeeded });

/**
 * A renamed trigger's definition with its new name: SQLite cannot rename a trigger (the planner
 * re-creates it), but an unchanged body then reads as a rename rather than a new trigger.
 */
const renamedDefinition: DiffHooks['renamedDefinition'] = (kind, def, _from, to) =>
  (kind === 'trigger' ? normalize(withTriggerName(def, quoteIfNeeded(to.name))) : def);

export const sqliteDiffHooks: DiffHooks = Object.freeze({
  identifiers: sqliteIdentifiers,
  renamedDefinition,
} satisfies DiffHooks);
