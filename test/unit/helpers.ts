/**
 * Shared helpers for tests that run the core on fixture folders, the way the CLI would: every
 * Dockerfile and compose file of the folder is handed in, everything else is read from disk.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  fileKindOf,
  parseConfig,
  type AnalysisResult,
  type Config,
  type SourceFile,
} from '../../src/core';
import { diskReader, toCorePath } from '../../src/host/disk-reader';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** Every Dockerfile and compose file below `dir`, skipping node_modules. */
export function sourceFilesIn(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const kind = fileKindOf(entry.name);
        if (kind) out.push({ path: toCorePath(full), text: fs.readFileSync(full, 'utf8'), kind });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Analyses a fixture folder (relative to test/fixtures) as the CLI would. */
export function analyseFixture(relative: string, config?: Config): AnalysisResult {
  const dir = path.join(FIXTURES, relative);
  return analyze({ files: sourceFilesIn(dir), reader: diskReader(), config });
}

/** Analyses in-memory files placed in a scratch folder name (nothing is read from disk). */
export function analyseTexts(files: Record<string, string>, config?: Config): AnalysisResult {
  const root = '/virtual';
  const sources: SourceFile[] = [];
  const all = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) {
    const p = `${root}/${name}`;
    all.set(p, text);
    const kind = fileKindOf(name);
    if (kind) sources.push({ path: p, text, kind });
  }
  return analyze({ files: sources, reader: { readFile: (p) => all.get(p) }, config });
}

/** A finding in the short form the tables use: `Dockerfile:3:1-3:20 shell-form warning`. */
export function short(f: {
  path: string;
  rule: string;
  severity: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}): string {
  const name = f.path.replace(/^\/virtual\//, '');
  const r = f.range;
  return `${name}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.rule} ${f.severity}`;
}

/** A finding as the rule tests compare it: where (relative to the fixture), what and how bad. */
export interface ShortFinding {
  at: string;
  rule: string;
  severity: string;
  message: string;
}

/**
 * Analyses a fixture folder (relative to test/fixtures) with the `.pid1-doctor.json` it holds,
 * if any, and gives its findings with paths relative to the folder and 1-based positions
 * (`Dockerfile:3:1-3:19`, end exclusive, as the CLI prints them).
 */
export function fixtureFindings(relative: string): ShortFinding[] {
  const dir = path.join(FIXTURES, relative);
  const configPath = path.join(dir, '.pid1-doctor.json');
  const config = fs.existsSync(configPath)
    ? parseConfig(fs.readFileSync(configPath, 'utf8')).config
    : undefined;
  const root = toCorePath(dir);
  return analyseFixture(relative, config).findings.map((f) => {
    const r = f.range;
    const name = path.posix.relative(root, f.path);
    return {
      at: `${name}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
    };
  });
}

/**
 * A checker for one rule's fixture folders under test/fixtures/rules/<rule>/: every finding in
 * the folder by place, rule and severity, and the rule's own findings also by message.
 */
export function ruleChecker(
  rule: string,
): (folder: string, expected: string[], messages: string[]) => void {
  return (folder, expected, messages) => {
    const found = fixtureFindings(`rules/${rule}/${folder}`);
    assert.deepEqual(
      found.map((f) => `${f.at} ${f.rule} ${f.severity}`),
      expected,
    );
    assert.deepEqual(
      found.filter((f) => f.rule === rule).map((f) => f.message),
      messages,
    );
  };
}
