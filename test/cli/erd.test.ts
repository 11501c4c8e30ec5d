/**
 * `cairn inspect --format mermaid|dot`: entity-relationship diagrams of a live database. The
 * schema has a composite foreign key, a self-reference, a nullable foreign key, a one-to-one
 * key, a table outside `public`, a column name with a space and types that are not one word.
 * The outputs are golden; the Mermaid one is also checked line by line against the erDiagram
 * grammar (no Mermaid parser is available offline).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/dialects/registry.js';
import { renderErd } from '../../src/schema/render-erd.js';
import { emptySchema, realm } from '../../src/schema/build.js';
import type { Table } from '../../src/schema/model.js';
import { cairn, expectExit, json, tempDir } from './helpers.js';

const SCHEMA = `
CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(200) NOT NULL UNIQUE);
CREATE TABLE orders (
  id bigint NOT NULL, line_no int NOT NULL,
  customer_id bigint REFERENCES customers (id),
  total numeric(12,2), created_at timestamp with time zone NOT NULL,
  PRIMARY KEY (id, line_no));
CREATE TABLE shipments (
  id bigint PRIMARY KEY, order_id bigint NOT NULL, order_line int NOT NULL,
  FOREIGN KEY (order_id, order_line) REFERENCES orders (id, line_no));
CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees (id), "Full Name" text);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL UNIQUE REFERENCES public.customers (id), tags text[]);
`;

const MERMAID = `erDiagram
  billing__invoices {
    bigint id PK
    bigint customer_id FK, UK
    text_array tags
  }
  customers {
    bigint id PK
    character_varying_200 email UK
  }
  employees {
    integer id PK
    integer manager_id FK
    text Full_Name "Full Name"
  }
  orders {
    bigint id PK
    integer line_no PK
    bigint customer_id FK
    numeric_12_2 total
    timestamp_with_time_zone created_at
  }
  shipments {
    bigint id PK
    bigint order_id FK
    integer order_line FK
  }
  customers ||--o| billing__invoices : "customer_id"
  employees |o--o{ employees : "manager_id"
  customers |o--o{ orders : "customer_id"
  orders ||--o{ shipments : "order_id, order_line"
`;

const TABLE = (rows: string) => `[label=<<table border="0" cellborder="1" cellspacing="0">${rows}</table>>];`;
const DOT = `digraph schema {
  graph [rankdir=LR];
  node [shape=plaintext, fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10, dir=both];
  "billing.invoices" ${TABLE('<tr><td colspan="3" bgcolor="lightgrey"><b>billing.invoices</b></td></tr><tr><td port="id" align="left">id</td><td align="left">bigint</td><td align="left">PK</td></tr><tr><td port="customer_id" align="left">customer_id</td><td align="left">bigint</td><td align="left">FK, UK</td></tr><tr><td port="tags" align="left">tags</td><td align="left">text[] NULL</td><td align="left"></td></tr>')}
  "public.customers" ${TABLE('<tr><td colspan="3" bgcolor="lightgrey"><b>customers</b></td></tr><tr><td port="id" align="left">id</td><td align="left">bigint</td><td align="left">PK</td></tr><tr><td port="email" align="left">email</td><td align="left">character varying(200)</td><td align="left">UK</td></tr>')}
  "public.employees" ${TABLE('<tr><td colspan="3" bgcolor="lightgrey"><b>employees</b></td></tr><tr><td port="id" align="left">id</td><td align="left">integer</td><td align="left">PK</td></tr><tr><td port="manager_id" align="left">manager_id</td><td align="left">integer NULL</td><td align="left">FK</td></tr><tr><td port="Full Name" align="left">Full Name</td><td align="left">text NULL</td><td align="left"></td></tr>')}
  "public.orders" ${TABLE('<tr><td colspan="3" bgcolor="lightgrey"><b>orders</b></td></tr><tr><td port="id" align="left">id</td><td align="left">bigint</td><td align="left">PK</td></tr><tr><td port="line_no" align="left">line_no</td><td align="left">integer</td><td align="left">PK</td></tr><tr><td port="customer_id" align="left">customer_id</td><td align="left">bigint NULL</td><td align="left">FK</td></tr><tr><td port="total" align="left">total</td><td align="left">numeric(12,2) NULL</td><td align="left"></td></tr><tr><td port="created_at" align="left">created_at</td><td align="left">timestamp with time zone</td><td align="left"></td></tr>')}
  "public.shipments" ${TABLE('<tr><td colspan="3" bgcolor="lightgrey"><b>shipments</b></td></tr><tr><td port="id" align="left">id</td><td align="left">bigint</td><td align="left">PK</td></tr><tr><td port="order_id" align="left">order_id</td><td align="left">bigint</td><td align="left">FK</td></tr><tr><td port="order_line" align="left">order_line</td><td align="left">integer</td><td align="left">FK</td></tr>')}
  "billing.invoices":"customer_id" -> "public.customers":"id" [label="customer_id → id", arrowtail=teeodot, arrowhead=teetee];
  "public.employees":"manager_id" -> "public.employees":"id" [label="manager_id → id", arrowtail=crowodot, arrowhead=teeodot];
  "public.orders":"customer_id" -> "public.customers":"id" [label="customer_id → id", arrowtail=crowodot, arrowhead=teeodot];
  "public.shipments" -> "public.orders" [label="order_id, order_line → id, line_no", arrowtail=crowodot, arrowhead=teetee];
}
`;

/**
 * checkMermaidEr checks an erDiagram line by line against Mermaid's grammar (erDiagram.jison):
 * entity blocks whose attributes are `type name [keys] ["comment"]` with types and names as
 * ATTRIBUTE_WORDs, and relationships `A <card>--<card> B : label` whose entities are declared.
 * Returns the problems found (none for a valid diagram).
 */
function checkMermaidEr(text: string): string[] {
  const problems: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'erDiagram') problems.push(`line 1: expected erDiagram, got ${lines[0]}`);
  const ENTITY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  const WORD = /^[A-Za-z_*][A-Za-z0-9_\-[\]()]*$/;
  const declared = new Set<string>();
  let open: string | undefined;
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    const block = /^ {2}(\S+) \{$/.exec(line);
    if (block) {
      if (open) problems.push(`line ${n}: entity ${block[1]} opened inside ${open}`);
      if (!ENTITY.test(block[1])) problems.push(`line ${n}: entity name ${block[1]} is not a Mermaid word`);
      declared.add(block[1]);
      open = block[1];
      return;
    }
    if (line === '  }') {
      if (!open) problems.push(`line ${n}: } without an entity`);
      open = undefined;
      return;
    }
    if (open) {
      const attr = /^ {4}(\S+) (\S+)(?: ((?:PK|FK|UK)(?:, (?:PK|FK|UK))*))?(?: "([^"]*)")?$/.exec(line);
      if (!attr) return void problems.push(`line ${n}: not an attribute: ${line}`);
      if (!WORD.test(attr[1])) problems.push(`line ${n}: type ${attr[1]} is not one word`);
      if (!WORD.test(attr[2])) problems.push(`line ${n}: name ${attr[2]} is not one word`);
      return;
    }
    const rel = /^ {2}(\S+) (\|\||\|o|\}o|\}\|)--(\|\||o\||o\{|\|\{) (\S+) : "([^"]*)"$/.exec(line);
    if (!rel) return void problems.push(`line ${n}: not a relationship: ${line}`);
    for (const e of [rel[1], rel[4]]) if (!declared.has(e)) problems.push(`line ${n}: relationship names undeclared entity ${e}`);
  });
  if (open) problems.push(`entity ${open} is not closed`);
  return problems;
}

test('inspect --format mermaid and dot: golden ER diagrams of a live database (PGlite)', async () => {
  const dir = tempDir('cairn-erd-');
  const url = `pglite:${dir}/db`;
  const conn = await connect(url);
  try {
    await conn.exec(SCHEMA);
  } finally {
    await conn.close();
  }
  const mermaid = expectExit(await cairn(['inspect', '--url', url, '--format', 'mermaid']), 0, 'mermaid');
  assert.equal(mermaid.stdout, MERMAID);
  assert.deepEqual(checkMermaidEr(mermaid.stdout), []);
  const dot = expectExit(await cairn(['inspect', '--url', url, '--format', 'dot']), 0, 'dot');
  assert.equal(dot.stdout, DOT);
  // --json carries the diagram as the result's output.
  const j = json(expectExit(await cairn(['inspect', '--url', url, '--format', 'mermaid', '--json']), 0, 'json'));
  assert.equal(j.output, MERMAID);
});

test('inspect --format: an unknown format is a usage error naming the choices', async () => {
  const r = expectExit(await cairn(['inspect', '--url', 'pglite:memory', '--format', 'plantuml']), 4, 'bad format');
  assert.match(r.stderr, /mermaid/);
  assert.match(r.stderr, /dot/);
});

test('the Mermaid check rejects what Mermaid would: spaces, undeclared entities, unclosed blocks', () => {
  assert.deepEqual(checkMermaidEr(MERMAID), []);
  assert.notDeepEqual(checkMermaidEr('erDiagram\n  t {\n    character varying(20) name\n  }\n'), []);
  assert.notDeepEqual(checkMermaidEr('erDiagram\n  a ||--o{ b : "x"\n'), []);
  assert.notDeepEqual(checkMermaidEr('erDiagram\n  t {\n    int id PK\n'), []);
});

/** A table of the model, as an inspector would build it. */
function table(schema: string, name: string, columns: [string, string, boolean][], extra: Partial<Table> = {}): Table {
  return {
    schema, name, uniques: [], checks: [], foreignKeys: [], exclusions: [], indexes: [], triggers: [], policies: [], attrs: [],
    columns: columns.map(([n, type, nullable]) => ({ name: n, type: { sql: type }, nullable, attrs: [] })),
    ...extra,
  };
}

test('renderErd sanitises names from the dialect-neutral model: colliding, odd and quoted ones', () => {
  const a = table('public', 'a__b', [['id', 'integer', false]]);
  const b = table('a', 'b', [['1st', '"public"."mood"', true], ['ref', 'integer', true]], {
    foreignKeys: [{ name: 'fk', columns: ['ref'], refTable: { schema: 'public', name: 'a__b' }, refColumns: ['id'], onUpdate: 'NO ACTION', onDelete: 'NO ACTION', attrs: [] }],
  });
  const r = realm([{ ...emptySchema('a'), tables: [b] }, { ...emptySchema('public'), tables: [a] }]);
  const out = renderErd(r, 'mermaid');
  assert.equal(out, [
    'erDiagram',
    '  a__b {',
    '    mood c_1st "1st"',
    '    integer ref FK',
    '  }',
    '  a__b_2 {',
    '    integer id',
    '  }',
    '  a__b_2 |o--o{ a__b : "ref"',
    '',
  ].join('\n'));
  assert.deepEqual(checkMermaidEr(out), []);
});
