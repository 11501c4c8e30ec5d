/**
 * The `sarif` format: SARIF 2.1.0, the static-analysis interchange format that code scanning
 * (GitHub's `upload-sarif`, GitLab, Azure DevOps) reads. One run of the tool `cairn`, its rules
 * (those that ran, with the severity the configuration gave them), and one result per
 * diagnostic located at the statement's first character; the safe alternative is part of the
 * message. A statement the dev database rejected is a result of rule LINT001.
 */
import { CAIRN_VERSION } from '../../version.js';
import type { LintFailure, LintResult, RuleInfo } from '../result.js';
import { REJECTED_CODE } from '../result.js';
import type { Severity } from '../types.js';
import { displayPath } from './paths.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** A rule of the SARIF log: Cairn's rules as they ran, and LINT001 for a rejected statement. */
function sarifRule(rule: RuleInfo): Record<string, unknown> {
  return {
    id: rule.code,
    name: rule.code,
    shortDescription: { text: rule.summary },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.family], family: rule.family },
  };
}

const REJECTED_RULE = {
  id: REJECTED_CODE,
  name: REJECTED_CODE,
  shortDescription: { text: 'A statement under review that the dev database rejected: it would fail in production too.' },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['execution'] },
};

/** The SARIF log object (serialise with JSON.stringify). */
export function toSarif(r: LintResult, opts: { cwd: string; failure?: LintFailure }): Record<string, unknown> {
  const f = opts.failure;
  const rules = [...r.rules.map(sarifRule), ...(f ? [REJECTED_RULE] : [])];
  const index = new Map(rules.map((rule, i) => [rule.id as string, i]));
  const location = (file: string, line: number, column: number, snippet: string) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(displayPath(r.dir, file, opts.cwd)) },
      region: { startLine: line, startColumn: column, snippet: { text: snippet } },
    },
  });
  const results: Record<string, unknown>[] = r.diagnostics.map((d) => ({
    ruleId: d.code,
    ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
    level: LEVEL[d.severity],
    message: { text: `${d.message}\nFix: ${d.fix}` },
    locations: [location(d.file, d.line, d.column, d.statement)],
    properties: { family: d.family, version: d.version, fix: d.fix },
  }));
  if (f) {
    results.push({
      ruleId: REJECTED_CODE, ruleIndex: index.get(REJECTED_CODE), level: 'error',
      message: { text: `The dev database rejected this statement${f.sqlState ? ` [${f.sqlState}]` : ''}: ${f.message}` },
      locations: [location(f.file, f.line, f.column, f.statement)],
      properties: { version: f.version },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cairn',
          version: CAIRN_VERSION,
          informationUri: 'https://www.npmjs.com/package/cairn-migrate',
          rules,
        },
      },
      invocations: [{ executionSuccessful: f === undefined }],
      results,
    }],
  };
}

export function formatSarif(r: LintResult, opts: { cwd: string; failure?: LintFailure }): string {
  return JSON.stringify(toSarif(r, opts), null, 2);
}
