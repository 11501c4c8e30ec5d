/**
 * NM101 (off unless turned on): names of new tables, columns, indexes and constraints must match
 * the patterns a team configured (default: snake_case). Only names the change under review
 * introduces are judged, new objects and renames alike; existing names are history. The rule is
 * built from its options (`namingRule`), so the lint engine makes one from the configuration.
 *
 * @example
 * namingRule({ table: '^[a-z][a-z0-9_]*s$' }) // table names in plural snake_case
 */
import type { ConfigurableRule, RuleOptions } from '../settings.js';
import type { Finding } from '../types.js';
import { changeRule } from './context.js';
import { label } from './model-facts.js';

/**
 * Regular expressions (source text) each kind of name must match, against the whole name unless
 * the pattern anchors itself (config `lint.naming`); a kind left out uses `default`, then
 * snake_case. Constraint names are judged only when `constraint` is given: ORMs name them.
 */
export interface NamingOptions {
  readonly default?: string;
  readonly table?: string;
  readonly column?: string;
  readonly index?: string;
  /** Unique, foreign key and check constraint names. */
  readonly constraint?: string;
}

/** snake_case: lower-case letters, digits and underscores, starting with a letter. */
export const SNAKE_CASE = '^[a-z][a-z0-9_]*$';

type Kind = 'table' | 'column' | 'index' | 'constraint';

/** snakeCase suggests a conforming name: `UserAccounts` → `user_accounts`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || name.toLowerCase();
}

/** A pattern matched against the whole name unless it anchors itself. */
const whole = (p: string) => new RegExp(/^\^|\$$/.test(p) ? p : `^(?:${p})$`);

/** namingRule is NM101 with these patterns; `configure` makes it again from the configuration's `lint.naming`. */
export function namingRule(options: NamingOptions = {}): ConfigurableRule {
  const kinds: Kind[] = ['table', 'column', 'index', ...(options.constraint !== undefined ? ['constraint' as const] : [])];
  const patterns = new Map<Kind, RegExp>(kinds.map((k) => [k, whole(options[k] ?? options.default ?? SNAKE_CASE)]));
  const rule = changeRule(
    { code: 'NM101', family: 'naming', severity: 'warning', summary: 'Name does not match the configured naming pattern', optIn: true },
    (s) => {
      const names: { kind: Kind; name: string; where: string }[] = [];
      const add = (kind: Kind, name: string, where: string) => names.push({ kind, name, where });
      for (const c of s.changes) {
        switch (c.kind) {
          case 'AddTable': {
            const t = c.table;
            add('table', t.name, 'table');
            t.columns.forEach((col) => add('column', col.name, `column of ${t.name}`));
            t.indexes.forEach((i) => add('index', i.name, `index on ${t.name}`));
            [...t.uniques, ...t.checks, ...t.foreignKeys].forEach((k) => add('constraint', k.name, `constraint on ${t.name}`));
            break;
          }
          case 'RenameTable': add('table', c.to.name, 'table'); break;
          case 'AddColumn': add('column', c.column.name, `column of ${label(s.pass.after, c.table)}`); break;
          case 'RenameColumn': add('column', c.to.name, `column of ${label(s.pass.after, c.table)}`); break;
          case 'AddIndex': add('index', c.index.name, `index on ${label(s.pass.after, c.table)}`); break;
          case 'RenameIndex': add('index', c.to.name, `index on ${label(s.pass.after, c.table)}`); break;
          case 'AddConstraint': add('constraint', c.constraint.name, `constraint on ${label(s.pass.after, c.table)}`); break;
          case 'RenameConstraint': add('constraint', c.to, `constraint on ${label(s.pass.after, c.table)}`); break;
          default: break;
        }
      }
      return names.filter((n) => patterns.has(n.kind) && !patterns.get(n.kind)!.test(n.name)).map((n): Finding => ({
        message: `${n.where} is named ${n.name}, which does not match the ${n.kind} naming pattern ${patterns.get(n.kind)!.source}: names are hard to change once deployed code uses them`,
        fix: `name it to match the pattern${patterns.get(n.kind)!.test(snakeCase(n.name)) ? `, e.g. ${snakeCase(n.name)}` : ''}, or change the pattern in the lint configuration`,
      }));
    },
  );
  return Object.freeze({ ...rule, configure: (o: RuleOptions) => namingRule({ ...options, ...(o.naming ?? {}) }) });
}
