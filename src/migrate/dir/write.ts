import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CairnError } from '../../errors.js';

/** A file to put in a directory; `replace` allows overwriting an existing file (atlas.sum). */
export interface PendingWrite {
  readonly name: string;
  readonly bytes: Buffer;
  readonly replace?: boolean;
}

/**
 * writeFilesAtomically adds files to a directory all-or-nothing. Every file is first written to
 * a hidden temporary name in the same directory (so the final rename cannot cross devices), then
 * renamed into place; if anything fails, renamed files are restored or removed and temporaries
 * deleted, so the directory is left as it was. Refuses to overwrite unless `replace` is set.
 * Returns the paths written.
 */
export function writeFilesAtomically(dir: string, writes: readonly PendingWrite[]): string[] {
  for (const w of writes) {
    if (!w.replace && existsSync(join(dir, w.name))) {
      throw new CairnError('USAGE', `${join(dir, w.name)} already exists; refusing to overwrite it`, { details: { file: w.name } });
    }
  }
  const tag = randomBytes(4).toString('hex');
  const staged: { w: PendingWrite; tmp: string; target: string; before?: Buffer }[] = [];
  const done: typeof staged = [];
  try {
    for (const w of writes) {
      const target = join(dir, w.name);
      const tmp = join(dir, `.${w.name}.cairn-${tag}.tmp`);
      const before = existsSync(target) ? readFileSync(target) : undefined;
      staged.push({ w, tmp, target, ...(before ? { before } : {}) });
      writeFileSync(tmp, w.bytes, { flag: 'wx' });
    }
    for (const s of staged) {
      renameSync(s.tmp, s.target);
      done.push(s);
    }
  } catch (err) {
    for (const s of done.reverse()) {
      try {
        if (s.before) writeFileSync(s.target, s.before);
        else rmSync(s.target, { force: true });
      } catch {
        // Best effort: the original error below is what the user needs.
      }
    }
    for (const s of staged) rmSync(s.tmp, { force: true });
    if (err instanceof CairnError) throw err;
    throw new CairnError('FILE_UNREADABLE', `could not write to ${dir}: ${(err as Error).message}`, { details: { file: dir }, cause: err });
  }
  return staged.map((s) => s.target);
}
