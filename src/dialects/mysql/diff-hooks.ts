/**
 * MySQL/MariaDB's answers to the generic differ's questions (src/diff/hooks.ts). The server
 * writes every identifier in backquotes in the expressions it reports (`` `a` + 1 ``), and
 * compares column names without regard to case but reports them as declared: names are taken
 * as reported, never folded.
 */
import type { DiffHooks } from '../../diff/hooks.js';
import type { IdentifierRules } from '../../diff/rewrite.js';
import { quoteIdent } from './sql-text.js';

export const mysqlIdentifiers: IdentifierRules = Object.freeze({ quoteChar: '`' as const, fold: (s: string) => s, quote: quoteIdent });

export const mysqlDiffHooks: DiffHooks = Object.freeze({
  identifiers: mysqlIdentifiers,
  /** A trigger's definition names it first (`CREATE TRIGGER `t` ...`); MySQL routines are not modelled. */
  renamedDefinition(kind, def, from, to) {
    if (kind !== 'trigger') return def;
    const head = (name: string) => `CREATE TRIGGER ${quoteIdent(name)} `;
    return def.startsWith(head(from.name)) ? head(to.name) + def.slice(head(from.name).length) : def;
  },
} satisfies DiffHooks);
