/**
 * The relative imports of every TypeScript file under src/, read from the source text, for the
 * architecture tests. Each import says whether it is type-only (erased at run time: `import
 * type`, `export type`, or braces whose every name is marked `type`) and whether it is lazy
 * (`import('…')`, loaded when called, so it cannot take part in a load-time cycle).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface SrcImport {
  /** The importing file, relative to src/ (`diff/diff.ts`). */
  readonly from: string;
  /** The imported file, relative to src/, with its `.ts` name (`schema/model.ts`). */
  readonly to: string;
  readonly typeOnly: boolean;
  readonly lazy: boolean;
}

/** Every `.ts` file under `dir`, as absolute paths. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// Statements start a line; doc comments (` * import …`) and generated source in template strings
// with package specifiers never match, since only relative specifiers (`./`, `../`) count.
const STATIC = /^(import|export)\s+(type\s+)?([^;]*?)\s*from\s*'(\.[^']+)'/gm;
const SIDE_EFFECT = /^import\s+'(\.[^']+)'/gm;
const DYNAMIC = /\bimport\(\s*'(\.[^']+)'\s*\)/g;

/** Braces whose every name is marked `type` are erased like `import type`. */
function clauseIsTypeOnly(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return false; // a default or namespace import, or `export *`
  const names = braces[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** srcImports reads every relative import of every file under `src`. */
export function srcImports(src: string): SrcImport[] {
  const out: SrcImport[] = [];
  for (const file of tsFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const from = relative(src, file);
    const to = (spec: string) => relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
    for (const m of text.matchAll(STATIC)) {
      out.push({ from, to: to(m[4]!), typeOnly: m[2] !== undefined || clauseIsTypeOnly(m[3]!), lazy: false });
    }
    for (const m of text.matchAll(SIDE_EFFECT)) out.push({ from, to: to(m[1]!), typeOnly: false, lazy: false });
    for (const m of text.matchAll(DYNAMIC)) out.push({ from, to: to(m[1]!), typeOnly: false, lazy: true });
  }
  return out;
}

/**
 * valueCycles finds the cycles of load-time value imports (type-only and lazy imports left out),
 * one per strongly connected component, as the files of the component in a cycle order.
 */
export function valueCycles(imports: readonly SrcImport[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const i of imports) {
    if (i.typeOnly || i.lazy) continue;
    if (!next.has(i.from)) next.set(i.from, new Set());
    next.get(i.from)!.add(i.to);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || next.get(v)?.has(v)) components.push(c.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!idx.has(v)) visit(v);
  return components;
}
