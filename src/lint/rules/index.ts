/**
 * Placeholder (written by lint-core until helper lint-rules lands the generic rules): the rules
 * every database shares, one list. The lint engine runs these plus the dialect's own.
 */
import type { LintRule } from '../types.js';

export const GENERIC_RULES: readonly LintRule[] = [];
