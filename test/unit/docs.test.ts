/**
 * The user-facing documents: one page per built rule in docs/rules (and no page for a rule that
 * does not exist), each titled with its id; the examples in the pages behave as the pages say;
 * and every relative link of the README and the rule pages leads to a file that exists.
 *
 * A fenced block in a rule page whose info string says `fires=<rule>[:<severity>]` must produce
 * that finding when analysed as a Dockerfile (`dockerfile`) or a compose file (`yaml`); one that
 * says `clean=<rule>` must not produce any finding of that rule.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core';
import { analyseTexts, REPO_ROOT } from './helpers';
import { run } from './cli/helpers';

const RULE_DOCS = path.join(REPO_ROOT, 'docs', 'rules');
/** Rules DESIGN.md names that are not built yet; the index lists them as such. */
const LATER_RULES = [
  'script-without-exec',
  'init-not-pid1',
  'double-init',
  'init-installed-unused',
  'exit-code-143',
];

function rulePages(): string[] {
  return fs
    .readdirSync(RULE_DOCS)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => f.slice(0, -'.md'.length))
    .sort();
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

interface Block {
  lang: string;
  tags: string[];
  text: string;
  line: number;
}

function fencedBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S+)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `unclosed code block at line ${i + 1}`);
    out.push({
      lang: open[1],
      tags: open[2].trim().split(/\s+/).filter(Boolean),
      text: lines.slice(i + 1, end).join('\n') + '\n',
      line: i + 1,
    });
    i = end;
  }
  return out;
}

/** Relative link targets of a markdown text: `[text](target)`, without #anchors and URLs. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.replace(/#.*$/, ''));
  }
  return out;
}

function assertLinksResolve(file: string): number {
  const links = relativeLinks(read(file));
  for (const link of links) {
    const target = path.resolve(path.dirname(file), decodeURIComponent(link));
    assert.ok(
      fs.existsSync(target),
      `${path.relative(REPO_ROOT, file)} links to ${link}, which does not exist`,
    );
  }
  return links.length;
}

describe('rule documentation', () => {
  it('has a page for every rule, and a rule for every page', () => {
    assert.deepEqual(rulePages(), RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const file = path.join(RULE_DOCS, `${rule.id}.md`);

      it('is titled with the rule id and states the default severity', () => {
        const text = read(file);
        const title = text.split('\n')[0];
        assert.match(title, /^# /, 'the first line is the title');
        assert.ok(title.includes(rule.id), `title "${title}" does not name ${rule.id}`);
        assert.match(text, new RegExp(`Default severity: \\*\\*${rule.defaultSeverity}\\*\\*`));
      });

      it('shows a failing and a fixed example that behave as the page says', () => {
        const blocks = fencedBlocks(read(file)).filter((b) =>
          b.tags.some((t) => t.startsWith('fires=') || t.startsWith('clean=')),
        );
        assert.ok(
          blocks.some((b) => b.tags.some((t) => t.startsWith('fires='))),
          'no example that fires',
        );
        assert.ok(
          blocks.some((b) => b.tags.some((t) => t.startsWith('clean='))),
          'no fixed example',
        );
        for (const block of blocks) {
          const name = block.lang === 'yaml' ? 'compose.yaml' : 'Dockerfile';
          assert.ok(['yaml', 'dockerfile'].includes(block.lang), `line ${block.line}: language`);
          const findings = analyseTexts({ [name]: block.text }).findings;
          const got = findings.map((f) => `${f.rule}:${f.severity}`);
          for (const tag of block.tags) {
            const [kind, want] = tag.split('=');
            const [id, severity] = want.split(':');
            assert.ok(
              RULES.some((r) => r.id === id),
              `line ${block.line}: unknown rule ${id}`,
            );
            const hits = findings.filter((f) => f.rule === id);
            if (kind === 'clean') {
              assert.deepEqual(hits, [], `line ${block.line}: ${id} fired (${got.join(', ')})`);
            } else {
              assert.ok(hits.length > 0, `line ${block.line}: ${id} did not fire (${got})`);
              if (severity) {
                assert.ok(
                  hits.some((f) => f.severity === severity),
                  `line ${block.line}: ${id} is not ${severity} (${got.join(', ')})`,
                );
              }
            }
          }
        }
      });

      it('has only links that resolve', () => {
        assertLinksResolve(file);
      });
    });
  }

  it('has an index that links every rule page and lists the rules not built yet', () => {
    const index = path.join(RULE_DOCS, 'README.md');
    const text = read(index);
    for (const rule of RULES) assert.ok(text.includes(`(${rule.id}.md)`), `index: ${rule.id}`);
    for (const id of LATER_RULES) {
      assert.ok(!RULES.some((r) => r.id === id), `${id} is built now: give it a page`);
      assert.ok(text.includes(id), `index does not list ${id}`);
    }
    assertLinksResolve(index);
  });
});

describe('README', () => {
  const readme = path.join(REPO_ROOT, 'README.md');

  it('has only relative links that resolve, and links every rule page', () => {
    assert.ok(assertLinksResolve(readme) > 0, 'the README links nothing');
    const links = relativeLinks(read(readme));
    for (const rule of RULES) {
      assert.ok(links.includes(`docs/rules/${rule.id}.md`), `README: no link to ${rule.id}`);
    }
  });

  it('gives the two commands of a fresh clone on its first screen', () => {
    const firstScreen = read(readme).split('\n').slice(0, 40).join('\n');
    assert.match(firstScreen, /npm ci && npm run example/);
    assert.match(firstScreen, /npm test/);
    const scripts = (
      JSON.parse(read(path.join(REPO_ROOT, 'package.json'))) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.ok(scripts.example, 'package.json has no "example" script');
    assert.ok(scripts.test, 'package.json has no "test" script');
  });
});

describe('README and the command line agree', () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const flat = (s: string) => s.replace(/\s+/g, ' ');

  it('lists the usage lines of `pid1-doctor help`', async () => {
    const help = await run(['help'], { cwd: REPO_ROOT });
    const usage = help.stdout.slice(help.stdout.indexOf('Usage:') + 'Usage:'.length);
    const commands = flat(usage.slice(0, usage.indexOf('\n\n')))
      .split(/ (?=pid1-doctor )/)
      .map((c) => c.trim());
    assert.ok(commands.length >= 5, `too few usage lines: ${commands.join(' | ')}`);
    const block = /## The command line\n\n```\n([\s\S]*?)```/.exec(text);
    assert.ok(block, 'README: no usage block under "The command line"');
    for (const command of commands) assert.ok(flat(block[1]).includes(command), command);
  });

  it('names every option of the help pages of check, explain and demo', async () => {
    for (const topic of ['check', 'explain', 'demo']) {
      const page = (await run(['help', topic], { cwd: REPO_ROOT })).stdout;
      const options = new Set(page.match(/--[a-z][a-z-]*/g));
      assert.ok(options.size > 0, `no options in help ${topic}`);
      for (const option of options) {
        assert.ok(
          new RegExp(`(?:^|[\\s\`[(])${option}(?![a-z-])`, 'm').test(text),
          `README does not mention ${option} (${topic})`,
        );
      }
    }
  });

  it('shows JSON fixes as `check examples/java-service --format json` prints them', async () => {
    const r = await run(['check', 'examples/java-service', '--format', 'json'], {
      cwd: REPO_ROOT,
    });
    const fix = (
      JSON.parse(r.stdout) as {
        files: { findings: { fixes: { title: string; edits: Record<string, unknown>[] }[] }[] }[];
      }
    ).files[0].findings[0].fixes[0];
    const example = /```json\n(\{ "version": 1,[\s\S]*?)```/.exec(text);
    assert.ok(example, 'README: no JSON example');
    assert.ok(example[1].includes(`"title": "${fix.title}"`), fix.title);
    for (const edit of fix.edits) {
      const at = `"line": ${String(edit.line)}, "column": ${String(edit.column)}, "endLine": ${String(edit.endLine)}, "endColumn": ${String(edit.endColumn)}`;
      assert.ok(flat(example[1]).includes(at), `README: no edit at ${at}`);
    }
  });
});
