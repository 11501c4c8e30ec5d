/**
 * Where in a migration's source something happened, read off a stack trace: the first frame in
 * the migration's own file when it is one, else the first frame outside Cairn and Node (an
 * inline migration in application code). jiti reports frames at the TypeScript source's lines.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve, sep } from 'node:path';

export interface CallSite {
  /** Absolute path, or undefined when no frame qualified. */
  readonly path?: string;
  readonly line: number;
  readonly column: number;
}

/** Cairn's own folder (src/ or dist/ of the package): frames inside it are not the caller's. */
const OWN = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..') + sep;

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

export function framesOf(err: unknown): CallSite[] {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const out: CallSite[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const raw = m[1]!;
    const path = raw.startsWith('file://') ? safePath(raw) : raw;
    if (path === undefined) continue;
    out.push({ path, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

function safePath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

export function callSite(err: unknown, file?: string): CallSite {
  const frames = framesOf(err);
  const target = file !== undefined ? resolve(file) : undefined;
  const own = frames.find((f) => target !== undefined && f.path === target);
  if (own) return own;
  const outside = frames.find((f) => f.path !== undefined && !f.path.startsWith('node:') && !f.path.startsWith(OWN) && !f.path.includes(`${sep}node_modules${sep}`));
  return outside ?? { line: 1, column: 1 };
}
