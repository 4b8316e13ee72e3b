/**
 * `pid1-doctor explain FILE`: the launch chain of each launch site in one file, process by
 * process, and the findings that go with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, fileKindOf, type Finding, type LaunchPlan, type Range } from '../core';
import { describeChain } from '../core/launch/describe';
import { diskReader } from '../host/disk-reader';
import type { ExplainCommand } from './args';
import { ConfigLocator } from './config';
import { describeFsError, FileError } from './errors';
import { readText, relativePath, sniffKind, toPosix } from './files';
import type { CliIo } from './io';
import { colorEnabled, palette, type Palette } from './present/color';
import { escapeControls } from './present/escape';
import { failsOn } from './report';

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** The findings that belong to a plan: a compose service's lie inside the service. */
function findingsOf(plan: LaunchPlan, findings: readonly Finding[]): Finding[] {
  const service = plan.compose?.service;
  if (!service) return findings.filter((f) => f.path === plan.path);
  // Service-level findings sit on the service's key, which comes before its mapping.
  const whole = { start: service.keyRange.start, end: service.range.end };
  return findings.filter((f) => f.path === plan.path && contains(whole, f.range));
}

function findingLine(f: Finding, cwd: string, p: Palette): string {
  const at = `${escapeControls(relativePath(cwd, f.path))}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  const severity =
    f.severity === 'error'
      ? p.red(f.severity)
      : f.severity === 'warning'
        ? p.yellow(f.severity)
        : p.blue(f.severity);
  return `    ${at}  ${severity}  ${escapeControls(f.message.replace(/\s*\r?\n\s*/g, ' '))}  ${p.dim(f.rule)}`;
}

/** Runs `explain` and returns the exit code. */
export async function runExplain(command: ExplainCommand, io: CliIo): Promise<number> {
  const full = path.resolve(io.cwd, command.file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch (err) {
    throw new FileError(command.file, describeFsError(err));
  }
  if (stat.isDirectory()) {
    throw new FileError(command.file, 'is a folder; explain takes one Dockerfile or compose file');
  }
  const { text } = readText(full, io.cwd);
  const named = fileKindOf(full);
  const kind = named === 'dockerfile' || named === 'compose' ? named : sniffKind(text);
  if (!kind) {
    throw new FileError(
      command.file,
      'neither a Dockerfile (no FROM line) nor a compose file (no top-level services:)',
    );
  }
  const config = new ConfigLocator(io.cwd).load(full).config;
  const file = toPosix(full);
  const result = analyze({
    files: [{ path: file, kind, text }],
    reader: diskReader(),
    config,
  });

  const p = palette(colorEnabled(io.stdout, io.env));
  const cwd = toPosix(io.cwd);
  const out: string[] = [];
  const plans = result.plans.filter((plan) => plan.path === file);
  const shown = new Set<Finding>();
  if (plans.length === 0) {
    out.push(
      `${escapeControls(relativePath(io.cwd, full))}: no launch site (no FROM, or no services).`,
    );
  }
  for (const plan of plans) {
    // The chain quotes the files' own words: each line is escaped before any colour goes on.
    const [heading, ...rest] = describeChain(plan, { base: cwd }).map(escapeControls);
    out.push(p.bold(heading), ...rest);
    const own = findingsOf(plan, result.findings).filter((f) => !shown.has(f));
    for (const f of own) shown.add(f);
    out.push(own.length === 0 ? '  No findings.' : '  Findings:');
    for (const f of own) out.push(findingLine(f, io.cwd, p));
    out.push('');
  }
  const others = result.findings.filter((f) => !shown.has(f));
  if (others.length > 0) {
    out.push('Other findings:');
    for (const f of others) out.push(findingLine(f, io.cwd, p));
    out.push('');
  }
  io.stdout.write(`${out.join('\n').trimEnd()}\n`);

  for (const problem of result.problems) {
    const at = `${relativePath(io.cwd, problem.path)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}`;
    io.stderr.write(`pid1-doctor: ${escapeControls(`${at}: ${problem.message}`)}\n`);
  }
  return result.findings.some((f) => failsOn(f.severity, command.failOn)) ? 1 : 0;
}
