/**
 * How the configuration and `nolint` directives shape a lint run: which rules run and at what
 * severity (config `lint.rules`), and which findings a directive silences.
 */
import type { LintConfig, LintNaming } from '../config/types.js';
import type { LintRule, RuleFamily, Severity } from './types.js';

/** A rule as it runs: the rule (given its options) and its severity after the configuration. */
export interface ActiveRule {
  readonly rule: LintRule;
  readonly severity: Severity;
}

/**
 * What a rule may take from the configuration. A rule with options (NM101's patterns) offers
 * `configure`, which returns the rule as the project set it up; the engine calls it once.
 */
export interface RuleOptions {
  readonly naming?: LintNaming;
}
export interface ConfigurableRule extends LintRule {
  configure(options: RuleOptions): LintRule;
}

function isConfigurable(rule: LintRule): rule is ConfigurableRule {
  return typeof (rule as Partial<ConfigurableRule>).configure === 'function';
}

/**
 * activeRules applies `lint.rules` to the rules: `off` removes a rule, a severity replaces its
 * default. An opt-in rule runs only once the configuration gives it a severity, or, for the
 * naming family, once `lint.naming` sets a pattern. A code the configuration names and no rule
 * has is returned in `unknown` (each database has its own rules, so it is not an error).
 */
export function activeRules(rules: readonly LintRule[], config: LintConfig | undefined): { readonly active: ActiveRule[]; readonly unknown: string[] } {
  const levels = new Map(Object.entries(config?.rules ?? {}).map(([code, level]) => [code.toUpperCase(), level]));
  const naming = Object.values(config?.naming ?? {}).some((p) => p !== undefined);
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const level = levels.get(rule.code.toUpperCase());
    if (level === 'off') continue;
    if (rule.optIn && level === undefined && !(rule.family === 'naming' && naming)) continue;
    const configured = isConfigurable(rule) ? rule.configure({ naming: config?.naming }) : rule;
    active.push({ rule: configured, severity: level ?? rule.severity });
  }
  const codes = new Set(rules.map((r) => r.code.toUpperCase()));
  const unknown = [...levels.keys()].filter((c) => !codes.has(c)).sort();
  return { active, unknown };
}

/** Names Atlas gives its analyzers, as `atlas:nolint` accepts them, mapped to Cairn's families. */
const ATLAS_ANALYZERS: Readonly<Record<string, RuleFamily>> = {
  destructive: 'destructive',
  data_depend: 'data-dependent',
  incompatible: 'backward-incompatible',
  backward_incompatible: 'backward-incompatible',
  constraint_deletion: 'constraint-deletion',
  concurrent_index: 'locking',
  naming: 'naming',
};

/**
 * silences says whether a `nolint` list covers a finding: an empty list covers everything;
 * otherwise a rule code (`DS103`), a family (`destructive`, `data-dependent`) or an Atlas
 * analyzer name (`data_depend`), in any case.
 */
export function silences(list: readonly string[] | undefined, code: string, family: RuleFamily): boolean {
  if (list === undefined) return false;
  if (list.length === 0) return true;
  return list.some((raw) => {
    const w = raw.toLowerCase();
    return w === code.toLowerCase() || w.replace(/_/g, '-') === family || ATLAS_ANALYZERS[w] === family;
  });
}
