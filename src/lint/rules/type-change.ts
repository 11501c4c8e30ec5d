/**
 * How a column's type change treats the values already stored, judged from the type names as
 * the inspectors spell them (PostgreSQL `character varying(20)`, MySQL `varchar(20)`,
 * `int unsigned`, `enum('a','b')`, SQLite's declared `VARCHAR(20)`):
 *
 * - `same`: another spelling of the same type (`int(11)` and `int`);
 * - `widening`: every value fits and reads back the same (`varchar(20)` → `varchar(50)`,
 *   `int` → `bigint`, an enum that gains values);
 * - `narrowing`: same kind of value, smaller (`varchar(50)` → `varchar(20)`, `bigint` → `int`,
 *   fewer fractional digits): values that do not fit make the change fail or get cut;
 * - `lossy`: another kind of value that not every stored one converts to (`text` → `int`);
 * - `reinterpreted`: another kind of value every stored one converts to, so nothing fails, but
 *   the application reads something else (`int` → `text`, `timestamp` → `timestamptz`);
 * - `enum-shrunk`: an enumeration lost values (its own rule, MF108).
 *
 * Unknown types (domains, composites, extensions' types) are `reinterpreted` when they differ:
 * the change is reported as incompatible, never guessed to fail.
 */

export type TypeChange = 'same' | 'widening' | 'narrowing' | 'lossy' | 'reinterpreted' | 'enum-shrunk';

type Family = 'int' | 'decimal' | 'float' | 'string' | 'binary' | 'bool' | 'date' | 'time' | 'datetime' | 'datetimetz' | 'json' | 'uuid' | 'enum' | 'other';

interface TypeInfo {
  readonly family: Family;
  /** Integer bytes, string/binary length, float bytes, decimal precision, time fraction digits; Infinity when unbounded. */
  readonly size: number;
  /** Decimal scale. */
  readonly scale?: number;
  readonly unsigned?: boolean;
  /** Enum (or MySQL SET) values, in order. */
  readonly values?: readonly string[];
  /** The type without display widths and case, for `same`. */
  readonly key: string;
}

const INT_BYTES: Record<string, number> = {
  tinyint: 1, int1: 1, smallint: 2, int2: 2, smallserial: 2, mediumint: 3, int3: 3, middleint: 3,
  int: 4, integer: 4, int4: 4, serial: 4, bigint: 8, int8: 8, bigserial: 8,
};
const TEXT_LENGTH: Record<string, number> = { tinytext: 255, text: Infinity, mediumtext: 16_777_215, longtext: 4_294_967_295, citext: Infinity, clob: Infinity, ntext: Infinity };
const BLOB_LENGTH: Record<string, number> = { tinyblob: 255, blob: Infinity, mediumblob: 16_777_215, longblob: 4_294_967_295, bytea: Infinity };

/**
 * A column type to judge: its name, and its values when it names an enumeration type of its own
 * (PostgreSQL's `CREATE TYPE … AS ENUM`, looked up by the caller).
 */
export interface TypeRef {
  readonly sql: string;
  readonly enumValues?: readonly string[];
}

/** parseType reads a type name into its family and size. */
export function parseType(type: TypeRef): TypeInfo {
  const raw = type.sql.trim();
  const t = raw.toLowerCase().replace(/\s+/g, ' ');
  if (type.enumValues) return { family: 'enum', size: type.enumValues.length, values: type.enumValues, key: t };
  const list = /^(enum|set)\s*\((.*)\)$/s.exec(raw);
  if (list) return { family: 'enum', size: 0, values: [...list[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'")), key: t };
  const unsigned = /\bunsigned\b/.test(t);
  const base = t.replace(/\b(unsigned|signed|zerofill)\b/g, '').trim();
  const m = /^([a-z_][a-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\)\s*([a-z ]*))?$/.exec(base);
  if (!m) return { family: 'other', size: 0, key: t };
  const name = `${m[1]!.trim()}${m[4] ? ' ' + m[4].trim() : ''}`.trim();
  const n = m[2] === undefined ? undefined : Number(m[2]);
  const s = m[3] === undefined ? undefined : Number(m[3]);
  const key = `${name}${n === undefined || INT_BYTES[name] !== undefined ? '' : `(${n}${s === undefined ? '' : `,${s}`})`}${unsigned ? ' unsigned' : ''}`;
  if (name === 'tinyint' && n === 1 && !unsigned) return { family: 'bool', size: 1, key };
  if (INT_BYTES[name] !== undefined) return { family: 'int', size: INT_BYTES[name]!, unsigned, key };
  if (/^(bool|boolean)$/.test(name)) return { family: 'bool', size: 1, key };
  if (/^(decimal|numeric|dec|fixed)$/.test(name)) return { family: 'decimal', size: n ?? Infinity, scale: s ?? (n === undefined ? Infinity : 0), key };
  if (/^(real|float4)$/.test(name)) return { family: 'float', size: 4, key };
  if (name === 'float') return { family: 'float', size: n !== undefined && n > 24 ? 8 : n === undefined ? 4 : 4, key };
  if (/^(double|double precision|float8)$/.test(name)) return { family: 'float', size: 8, key };
  if (/^(varchar|character varying|nvarchar|varchar2|char|character|nchar|bpchar|national char(acter)?( varying)?)$/.test(name)) {
    const fixedDefault = /^(char|character|nchar|bpchar)$/.test(name) ? 1 : Infinity;
    return { family: 'string', size: n ?? fixedDefault, key };
  }
  if (TEXT_LENGTH[name] !== undefined) return { family: 'string', size: TEXT_LENGTH[name]!, key };
  if (/^(binary|varbinary)$/.test(name)) return { family: 'binary', size: n ?? 1, key };
  if (BLOB_LENGTH[name] !== undefined) return { family: 'binary', size: BLOB_LENGTH[name]!, key };
  if (name === 'date') return { family: 'date', size: 0, key };
  // Fractional second digits: PostgreSQL's default is 6 (it spells `… without time zone`), MySQL's 0.
  const fraction = n ?? (/time zone|tz$/.test(name) ? 6 : 0);
  if (/^(time|time without time zone)$/.test(name)) return { family: 'time', size: fraction, key };
  if (/^(datetime|timestamp|timestamp without time zone)$/.test(name)) {
    // MySQL's TIMESTAMP holds 1970-2038 only: a narrower range than DATETIME.
    return { family: 'datetime', size: fraction + (name === 'datetime' ? 100 : 0), key };
  }
  if (/^(timestamptz|timestamp with time zone|timetz|time with time zone)$/.test(name)) return { family: name.startsWith('timestamp') ? 'datetimetz' : 'time', size: fraction, key };
  if (/^(json|jsonb)$/.test(name)) return { family: 'json', size: Infinity, key };
  if (name === 'uuid') return { family: 'uuid', size: 16, key };
  return { family: 'other', size: 0, key };
}

/** How many characters the largest value of a numeric type takes as text (sign included). */
function textWidth(t: TypeInfo): number {
  if (t.family === 'int') return Math.ceil(t.size * 8 * Math.log10(2)) + 1;
  if (t.family === 'decimal') return t.size + 2;
  if (t.family === 'float') return 24;
  if (t.family === 'bool') return 5;
  if (t.family === 'uuid') return 36;
  if (t.family === 'date') return 10;
  if (t.family === 'datetime' || t.family === 'datetimetz' || t.family === 'time') return 35;
  return Infinity;
}

/** How many decimal digits a whole number of the type can have. */
const intDigits = (t: TypeInfo): number => Math.ceil(t.size * 8 * Math.log10(2));

/** classifyTypeChange judges a change from `from` to `to` (type names as the inspector spells them). */
export function classifyTypeChange(from: TypeRef, to: TypeRef): TypeChange {
  const array = /\s*\[\]$/;
  if (array.test(from.sql) && array.test(to.sql)) return classifyTypeChange({ sql: from.sql.replace(array, '') }, { sql: to.sql.replace(array, '') });
  const a = parseType(from);
  const b = parseType(to);
  if (a.key === b.key && a.family !== 'enum') return 'same';
  if (a.family === 'enum' && b.family === 'enum') {
    const kept = a.values!.every((v) => b.values!.includes(v));
    if (!kept) return 'enum-shrunk';
    return a.values!.length === b.values!.length && a.values!.every((v, i) => v === b.values![i]) && a.key === b.key ? 'same' : 'widening';
  }
  if (a.family === 'other' || b.family === 'other') return from.sql.trim() === to.sql.trim() ? 'same' : 'reinterpreted';
  if (a.family === b.family) return sameFamily(a, b);
  // Another kind of value: text holds any of them, if long enough.
  if (b.family === 'string') return b.size >= textWidth(a) || (a.family === 'enum' && a.values!.every((v) => v.length <= b.size)) ? 'reinterpreted' : 'lossy';
  if (a.family === 'int' && b.family === 'decimal') return b.size - (b.scale ?? 0) >= intDigits(a) ? 'reinterpreted' : 'lossy';
  if (a.family === 'int' && b.family === 'float') return 'reinterpreted';
  if (a.family === 'bool' && (b.family === 'int' || b.family === 'decimal')) return 'reinterpreted';
  if (a.family === 'date' && (b.family === 'datetime' || b.family === 'datetimetz')) return 'reinterpreted';
  if (a.family === 'datetime' && b.family === 'datetimetz') return 'reinterpreted';
  if (a.family === 'datetimetz' && b.family === 'datetime') return 'reinterpreted';
  if ((a.family === 'datetime' || a.family === 'datetimetz') && b.family === 'date') return 'narrowing';
  return 'lossy';
}

function sameFamily(a: TypeInfo, b: TypeInfo): TypeChange {
  switch (a.family) {
    case 'int':
      if (Boolean(a.unsigned) === Boolean(b.unsigned)) return b.size >= a.size ? 'widening' : 'narrowing';
      // Unsigned to signed fits in a larger type; signed to unsigned loses the negatives.
      return a.unsigned && b.size > a.size ? 'widening' : 'narrowing';
    case 'decimal': {
      const [ai, bi] = [a.size - (a.scale ?? 0), b.size - (b.scale ?? 0)];
      return bi >= ai && (b.scale ?? 0) >= (a.scale ?? 0) ? 'widening' : 'narrowing';
    }
    case 'json':
      return 'reinterpreted'; // json ↔ jsonb: same values, another representation
    default:
      return b.size >= a.size ? 'widening' : 'narrowing';
  }
}
