/**
 * The rules every database gets, in the order of the README's table; a dialect adds its own
 * (PostgreSQL locks, MySQL table copies, SQLite rebuilds) through `Dialect.loadLintRules`. The
 * naming rule is opt-in and takes options: the list holds it with its defaults, and the engine
 * replaces it with `namingRule(options)` when the configuration gives patterns.
 */
import type { LintRule } from '../types.js';
import { DS101, DS102, DS103, DS104, DS105, DS106, DS107 } from './destructive.js';
import { MF101, MF102, MF103, MF104, MF105, MF106, MF107, MF108 } from './data-dependent.js';
import { BC101, BC102, BC103, BC104 } from './incompatible.js';
import { CD101, CD102, CD103, CD104 } from './constraints.js';
import { TX101 } from './transaction.js';
import { namingRule } from './naming.js';

export { namingRule, SNAKE_CASE, type NamingOptions } from './naming.js';

export const GENERIC_RULES: readonly LintRule[] = Object.freeze([
  DS101, DS102, DS103, DS104, DS105, DS106, DS107,
  MF101, MF102, MF103, MF104, MF105, MF106, MF107, MF108,
  BC101, BC102, BC103, BC104,
  CD101, CD102, CD103, CD104,
  TX101,
  namingRule(),
]);
