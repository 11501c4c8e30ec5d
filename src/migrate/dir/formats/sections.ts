import type { Problems } from '../problems.js';
import { lines, part, type DecodedFile } from '../text.js';
import type { SqlPart } from '../types.js';

/** A marker line found in a file (goose `-- +goose Up`, dbmate `-- migrate:down ...`). */
export interface Marker {
  readonly kind: 'up' | 'down';
  /** The rest of the marker line (dbmate options such as `transaction:false`). */
  readonly options: string;
}

/**
 * splitSections cuts a file at its up/down marker lines. The marker lines themselves belong to
 * neither part; each part starts on the line after its marker, so its `line`/`offset` point
 * into the file. Exactly one up marker is required, at most one down marker, up first; only an
 * empty file may have none.
 */
export function splitSections(
  d: DecodedFile,
  match: (line: string) => Marker | undefined,
  problems: Problems,
  describe: { up: string; down: string },
): { up?: SqlPart; down?: SqlPart; upOptions: string; downOptions: string } {
  // An empty file is a valid migration with nothing to run, in every format.
  if (d.text.trim() === '') return { up: part(d), upOptions: '', downOptions: '' };
  const found: { marker: Marker; start: number; next: number; line: number }[] = [];
  for (const l of lines(d.text)) {
    const m = match(l.text);
    if (m) found.push({ marker: m, start: l.start, next: l.next, line: l.number });
  }
  const ups = found.filter((f) => f.marker.kind === 'up');
  const downs = found.filter((f) => f.marker.kind === 'down');
  if (ups.length !== 1) problems.add(d.file, ups.length === 0 ? `missing "${describe.up}"` : `"${describe.up}" appears ${ups.length} times`, ups[1]?.line);
  if (downs.length > 1) problems.add(d.file, `"${describe.down}" appears ${downs.length} times`, downs[1].line);
  if (ups.length !== 1 || downs.length > 1) return { upOptions: '', downOptions: '' };
  const up = ups[0];
  const down = downs[0];
  if (down && down.start < up.start) {
    problems.add(d.file, `"${describe.down}" comes before "${describe.up}"`, down.line);
    return { upOptions: '', downOptions: '' };
  }
  const upEnd = down ? down.start : d.text.length;
  return {
    up: part(d, up.next, upEnd),
    ...(down ? { down: part(d, down.next) } : {}),
    upOptions: up.marker.options,
    downOptions: down?.marker.options ?? '',
  };
}
