/**
 * PostgreSQL's own lint rules (PG101–PG110): what makes a migration hold locks on tables in use,
 * rewrite them, or fail because of the transaction the runner puts it in. The dialect hands them
 * to the lint engine through `Dialect.loadLintRules`; the engine runs them beside the generic
 * rules of src/lint/rules/.
 *
 * Every rule skips tables created by the change under review (`StatementPass.newTables`): they
 * are empty and nothing uses them yet. Rules read the schema changes for what a statement did
 * and its text only for what the model cannot tell (CONCURRENTLY, NOT VALID, lock_timeout).
 */
import type { LintRule } from '../../lint/types.js';
import { PG101, PG102, PG108 } from './lint-index-rules.js';
import { PG103, PG104, PG106 } from './lint-constraint-rules.js';
import { PG105, PG107 } from './lint-column-rules.js';
import { PG109, PG110 } from './lint-transaction-rules.js';

export const postgresLintRules: readonly LintRule[] = Object.freeze([PG101, PG102, PG103, PG104, PG105, PG106, PG107, PG108, PG109, PG110]);
