import { parseDirectives } from '../../sql/directives.js';

/**
 * noTransaction answers "must this file run outside a transaction?" while reading a directory.
 * It defers to the lexer's directive parser (src/sql/directives.ts), so that the runner, lint
 * and the directory reader can never disagree about a file: `-- atlas:txmode none` in the
 * comment header (Atlas also requires a blank line after it; Cairn accepts it glued to the
 * statement, where the intent is just as plain) or goose's `-- +goose NO TRANSACTION` on any
 * line, in any case.
 */
export function noTransaction(text: string): boolean {
  return parseDirectives(text).noTransaction;
}

/**
 * hasAtlasTxModeNone / hasGooseNoTransaction look for one tool's own marker. Writers use them
 * to decide whether to add their marker: the other tool's marker would satisfy Cairn but not
 * Atlas or goose themselves.
 */
export function hasAtlasTxModeNone(text: string): boolean {
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trim();
    if (/^--\s*atlas:txmode\s+none$/i.test(line)) return true;
    if (line !== '' && !line.startsWith('--')) return false; // past the comment header
  }
  return false;
}

export function hasGooseNoTransaction(text: string): boolean {
  return /^\s*--\s*\+goose\s+no\s+transaction\s*$/im.test(text);
}
