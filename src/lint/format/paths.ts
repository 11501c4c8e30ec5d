/**
 * Where output formats say a file is: relative to the directory the command ran in (a
 * repository root in CI, which is what GitHub annotations and SARIF `uri`s expect), with `/`.
 */
import { isAbsolute, join, relative, sep } from 'node:path';

/** displayPath: `file` (relative to the migration directory `dir`) as seen from `cwd`. */
export function displayPath(dir: string, file: string, cwd: string): string {
  const abs = join(dir, file);
  const rel = relative(cwd, abs);
  return (isAbsolute(rel) ? abs : rel).split(sep).join('/');
}
