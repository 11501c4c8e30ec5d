import { caseTable } from '/work/main/test/schema/cases/tables.js';
const [p, m, s] = await Promise.all([caseTable('postgres'), caseTable('mysql'), caseTable('sqlite')]);
const ids = [...new Set([...Object.keys(m), ...Object.keys(s)])].filter((i) => !(i in p));
for (const i of ids) console.log(i, '|', 'notSupported' in (m[i] ?? {}) ? 'M:NS' : '', 'notSupported' in (s[i] ?? {}) ? 'S:NS' : '', !(i in m) ? 'M:missing' : '', !(i in s) ? 'S:missing' : '');
console.log(ids.length);
