/**
 * Normalising what MySQL 8 and MariaDB report about a column into one spelling, so that the same
 * declaration gives the same model on both and a diff never shows a change nobody made:
 *
 * - types: integer display widths dropped (`int(11)` → `int`; MySQL 8.0.19+ drops them itself)
 *   except `tinyint(1)` (booleans) and zerofill columns, where the width is meaningful; `year(4)` → `year`;
 * - defaults: SQL text as MariaDB writes it (`'x'`, `0`, `b'101'`, `current_timestamp()`,
 *   expressions without outer parentheses); MySQL reports the raw value (`x`) and marks
 *   expressions DEFAULT_GENERATED, MariaDB writes `NULL` for a nullable column without default;
 * - ON UPDATE: `current_timestamp()` / `current_timestamp(3)`.
 */
import type { MysqlCapabilities } from './capabilities.js';
import { literal, stripOuterParens } from './sql-text.js';

const INTEGER = /^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)/;

/** normalizeType is COLUMN_TYPE in the model's spelling. */
export function normalizeType(columnType: string): string {
  const t = columnType.trim();
  const m = INTEGER.exec(t);
  if (m && !/zerofill/i.test(t) && !(m[1] === 'tinyint' && m[2] === '1')) return m[1] + t.slice(m[0].length);
  if (/^year\(4\)$/i.test(t)) return 'year';
  return t;
}

/** Types whose literal defaults MySQL reports unquoted (numbers), as opposed to strings and dates. */
const NUMERIC = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'bit', 'bool', 'boolean']);

const CURRENT_TIMESTAMP = /^(?:current_timestamp|now|localtime|localtimestamp)(?:\((\d*)\))?$/i;

/** currentTimestamp spells CURRENT_TIMESTAMP / now() / CURRENT_TIMESTAMP(3) as `current_timestamp()` / `current_timestamp(3)`. */
export function currentTimestamp(expr: string): string | undefined {
  const m = CURRENT_TIMESTAMP.exec(expr.trim());
  return m ? `current_timestamp(${m[1] ?? ''})` : undefined;
}

export interface DefaultInput {
  /** COLUMN_DEFAULT as the server reports it. */
  readonly raw: string | null;
  /** DATA_TYPE (`varchar`, `int`...). */
  readonly dataType: string;
  /** EXTRA (`DEFAULT_GENERATED`, `auto_increment`...). */
  readonly extra: string;
  readonly generated: boolean;
}

/** normalizeDefault is a column's default in the model's spelling; undefined for none (or NULL). */
export function normalizeDefault(d: DefaultInput, caps: MysqlCapabilities): string | undefined {
  if (d.raw === null || d.generated) return undefined;
  const raw = d.raw;
  if (caps.defaultsAsSql) {
    if (raw === 'NULL') return undefined;
    return currentTimestamp(raw) ?? stripOuterParens(raw);
  }
  // MySQL: the raw value, or an expression marked DEFAULT_GENERATED (CURRENT_TIMESTAMP before 8.0.13).
  const ts = currentTimestamp(raw);
  if (ts && /date|time/i.test(d.dataType)) return ts;
  if (/DEFAULT_GENERATED/i.test(d.extra)) return stripOuterParens(raw);
  if (NUMERIC.has(d.dataType.toLowerCase()) || /^b'[01]*'$/.test(raw)) return raw;
  return literal(raw);
}

/** onUpdateOf reads `on update current_timestamp(3)` out of EXTRA. */
export function onUpdateOf(extra: string): string | undefined {
  const m = /on update (\S+)/i.exec(extra);
  return m ? (currentTimestamp(m[1]) ?? m[1]) : undefined;
}

/** generationOf reads VIRTUAL / STORED GENERATED out of EXTRA. */
export function generationOf(extra: string): 'VIRTUAL' | 'STORED' | undefined {
  const m = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  if (!m) return undefined;
  return m[1].toUpperCase() === 'VIRTUAL' ? 'VIRTUAL' : 'STORED';
}

/** charsetOf is the character set a collation belongs to (`utf8mb4_general_ci` → `utf8mb4`). */
export const charsetOf = (collation: string): string => collation.split('_')[0];

/** refAction: RESTRICT and NO ACTION are the same in InnoDB (checked at once); the model says NO ACTION. */
export function refAction(rule: string): 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT' {
  const r = rule.toUpperCase();
  return r === 'CASCADE' || r === 'SET NULL' || r === 'SET DEFAULT' ? r : 'NO ACTION';
}
