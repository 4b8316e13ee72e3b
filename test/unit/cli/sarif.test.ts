/**
 * `check --format sarif`, validated offline by Microsoft's SARIF Multitool (the
 * @microsoft/sarif-multitool-linux devDependency: a self-contained program with the SARIF
 * 2.1.0 schema beside it), and read back for what code-scanning services show: rule metadata,
 * locations, levels and fixes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RULES } from '../../../src/core';
import { FIXTURES, REPO_ROOT, run, type RunResult } from './helpers';

const MULTITOOL_DIR = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux');
const MULTITOOL = path.join(MULTITOOL_DIR, 'Sarif.Multitool');
const SCHEMA = path.join(MULTITOOL_DIR, 'sarif-2.1.0.json');

/** Every engine rule fires at least once under every-rule/ (see its files). */
const EVERY_RULE = path.join(FIXTURES, 'every-rule');
const ENGINE_RULES = RULES.map((r) => r.id);

interface ValidatorResult {
  ruleId: string;
  level?: string;
  message: { id?: string; text?: string; arguments?: string[] };
}

/**
 * Runs `Sarif.Multitool validate` on a file and returns what it found, read from the SARIF log
 * it writes (its exit code is 0 whether or not the input is valid). Its rules check the schema
 * (JSON1xxx) and the spec's own constraints (SARIF1xxx errors, SARIF2xxx advice).
 */
async function validate(file: string): Promise<ValidatorResult[]> {
  const out = `${file}.validation.sarif`;
  await promisify(execFile)(
    MULTITOOL,
    ['validate', file, '--json-schema', SCHEMA, '--output', out, '--log', 'ForceOverwrite'],
    {
      timeout: 120_000,
      env: {
        ...process.env,
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
        // The single-file program unpacks itself; keep that in a folder of our own.
        DOTNET_BUNDLE_EXTRACT_BASE_DIR: path.join(os.tmpdir(), 'pid1-sarif-multitool'),
      },
    },
  );
  const log = JSON.parse(fs.readFileSync(out, 'utf8'));
  return log.runs.flatMap((r: { results?: ValidatorResult[] }) => r.results ?? []);
}

function describeResult(r: ValidatorResult): string {
  return `${r.ruleId} ${r.message.id ?? ''} ${(r.message.arguments ?? []).join(' | ')}`;
}

describe('check --format sarif', () => {
  let dir: string;
  let result: RunResult;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read back as plain JSON
  let sarif: any;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-sarif-'));
    result = await run(['check', '--format', 'sarif', '.'], { cwd: EVERY_RULE });
    sarif = JSON.parse(result.stdout);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits as the findings say, with nothing else on stderr', () => {
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
  });

  it('has a finding of every engine rule in the fixture', () => {
    const fired = new Set(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId));
    for (const rule of ENGINE_RULES) assert.ok(fired.has(rule), `${rule} did not fire`);
    const levels = new Set(sarif.runs[0].results.map((r: { level: string }) => r.level));
    assert.deepEqual([...levels].sort(), ['error', 'note', 'warning']);
  });

  it('passes the SARIF Multitool with no errors', async (t) => {
    assert.ok(fs.existsSync(MULTITOOL), `${MULTITOOL} is missing: run npm ci`);
    const file = path.join(dir, 'check.sarif');
    fs.writeFileSync(file, result.stdout);
    const found = await validate(file);
    const errors = found.filter((r) => r.level === 'error');
    assert.deepEqual(errors.map(describeResult), []);
    // Advice (SARIF2xxx, level warning or note) does not make the log invalid; list it.
    for (const r of found) t.diagnostic(describeResult(r));
  });

  it('the validator rejects a broken log, so a pass above means something', async () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'not a uri';
    const file = path.join(dir, 'broken.sarif');
    fs.writeFileSync(file, JSON.stringify(broken));
    const errors = (await validate(file)).filter((r) => r.level === 'error');
    const ids = new Set(errors.map((r) => r.ruleId));
    assert.ok(ids.has('JSON1008'), errors.map(describeResult).join('\n'));
    assert.ok(ids.has('SARIF1002'), errors.map(describeResult).join('\n'));
  });

  it('describes every rule: id, help page, default level', () => {
    const driver = sarif.runs[0].tool.driver;
    assert.equal(driver.name, 'pid1-doctor');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.id),
    );
    for (const rule of driver.rules) {
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}\\.md$`));
      assert.equal(typeof rule.shortDescription.text, 'string');
      const core = RULES.find((r) => r.id === rule.id)!;
      const expected = core.defaultSeverity === 'info' ? 'note' : core.defaultSeverity;
      assert.equal(rule.defaultConfiguration.level, expected, rule.id);
    }
    for (const r of sarif.runs[0].results) {
      assert.equal(driver.rules[r.ruleIndex].id, r.ruleId);
    }
  });

  it('places each result at the finding, relative to %SRCROOT%, 1-based', async () => {
    const json = JSON.parse(
      (await run(['check', '--format', 'json', '.'], { cwd: EVERY_RULE })).stdout,
    );
    const expected: string[] = [];
    for (const file of json.files) {
      for (const f of file.findings) {
        expected.push(
          `${file.path} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule} ${f.message}`,
        );
      }
    }
    const actual = sarif.runs[0].results.map(
      (r: {
        ruleId: string;
        message: { text: string };
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string; uriBaseId: string };
            region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
          };
        }[];
      }) => {
        assert.equal(r.locations.length, 1);
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
        return (
          `${decodeURIComponent(artifactLocation.uri)} ` +
          `${region.startLine}:${region.startColumn}-${region.endLine}:${region.endColumn} ` +
          `${r.ruleId} ${r.message.text}`
        );
      },
    );
    assert.deepEqual(actual, expected);
    assert.equal(
      sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri,
      `${new URL(`file://${EVERY_RULE}/`).href}`,
    );
  });

  it('a related location points at the other line involved', () => {
    const ignored = sarif.runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'cmd-ignored',
    );
    const related = ignored.relatedLocations[0].physicalLocation;
    assert.equal(related.artifactLocation.uri, 'entry/Dockerfile');
    assert.equal(related.region.startLine, 5);
  });
  it('carries each fix in SARIF form: description, artifact changes, replacements', async () => {
    const json = JSON.parse(
      (await run(['check', '--format', 'json', '.'], { cwd: EVERY_RULE })).stdout,
    );
    const expected: string[] = [];
    for (const file of json.files) {
      for (const f of file.findings) {
        for (const fix of f.fixes) {
          for (const e of fix.edits) {
            expected.push(
              `${file.path}:${f.line} ${f.rule} "${fix.title}" safe=${fix.safe} ${e.path} ` +
                `${e.line}:${e.column}-${e.endLine}:${e.endColumn} ${JSON.stringify(e.newText)}`,
            );
          }
        }
      }
    }
    assert.ok(expected.length >= 8, `only ${expected.length} fix edits in the fixture`);
    const actual: string[] = [];
    for (const r of sarif.runs[0].results) {
      const loc = r.locations[0].physicalLocation;
      for (const fix of r.fixes ?? []) {
        assert.equal(typeof fix.properties.safe, 'boolean');
        for (const change of fix.artifactChanges) {
          assert.equal(change.artifactLocation.uriBaseId, '%SRCROOT%');
          for (const rep of change.replacements) {
            const d = rep.deletedRegion;
            actual.push(
              `${decodeURIComponent(loc.artifactLocation.uri)}:${loc.region.startLine} ${r.ruleId} ` +
                `"${fix.description.text}" safe=${fix.properties.safe} ` +
                `${decodeURIComponent(change.artifactLocation.uri)} ` +
                `${d.startLine}:${d.startColumn}-${d.endLine}:${d.endColumn} ` +
                JSON.stringify(rep.insertedContent.text),
            );
          }
        }
      }
    }
    assert.deepEqual(actual, expected);
  });
});
