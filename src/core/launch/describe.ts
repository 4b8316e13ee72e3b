/**
 * The launch chain in words, process by process: what `pid1-doctor explain` prints and what the
 * editor's hover shows. It says only what the plan holds; the plan is where facts are decided.
 */
import * as posixPath from 'node:path/posix';
import { shellLabel } from './build';
import type { ChainLink, LaunchPlan, ShellLink, SigtermBehaviour } from './types';

/** How to show file paths: relative to `base` (a folder, absolute, forward slashes). */
export interface DescribeOptions {
  /** Defaults to the folder of the file that defines the launch site. */
  base?: string;
}

/** One line of the chain table, before it is laid out as text or Markdown. */
export interface ChainRow {
  /** "1", "2", ... for processes; empty for a link that execs the next (no process of its own). */
  number: string;
  name: string;
  /** "PID 1", "child", or "execs the next". */
  role: string;
  /** "Dockerfile:12", or empty when the words are not written in a file we have. */
  where: string;
  behaviour: string;
}

/** The longest a command line gets in the table before it is cut. */
const MAX_NAME = 40;

function shorten(text: string, max = MAX_NAME): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function displayPath(path: string, base: string): string {
  const rel = posixPath.relative(base, path);
  return rel === '' ? posixPath.basename(path) : rel;
}

/** The name shown for a link: the shell or init by its label, other programs by their words. */
function linkName(link: ChainLink): string {
  if (link.role === 'shell' || link.role === 'init') return link.label;
  if (link.argv.length === 0) return link.label;
  const words = link.argv.map((w) => (/\s/.test(w) ? `"${w}"` : w));
  return shorten(words.join(' '));
}

function sigtermPhrase(sigterm: SigtermBehaviour, isPid1: boolean): string {
  switch (sigterm) {
    case 'forwards':
      return 'forwards SIGTERM to its child';
    case 'swallows':
      return 'swallows SIGTERM';
    case 'ignores':
      // The kernel gives PID 1 no default signal actions; a child keeps them.
      return isPid1
        ? 'ignores SIGTERM as PID 1 unless the app handles it'
        : 'ends on SIGTERM if one reaches it (or runs its handler)';
    case 'exits':
      return 'stops on SIGTERM by itself';
    case 'exits-143':
      return 'stops on SIGTERM, with exit code 143';
    default:
      return 'what it does on SIGTERM is not known';
  }
}

function reapPhrase(reaps: ChainLink['reaps']): string | undefined {
  if (reaps === true) return 'reaps orphans';
  if (reaps === false) return 'does not reap orphans (zombies pile up)';
  return undefined;
}

function shellPhrase(shell: ShellLink): string {
  const name = shellLabel(shell.kind);
  switch (shell.execReason) {
    case 'explicit-exec':
      return 'execs its last command (written `exec`)';
    case 'implicit-exec':
      return `${name} execs a lone last command`;
    case 'dash-never':
      return 'does not exec its last command (dash never does)';
    case 'script-never':
      return 'does not exec its last line (no shell does that for a script)';
    case 'not-last':
      return 'does not exec: its last command cannot be exec’d where it is written';
    case 'app-not-last':
      return 'waits for the app: a command that returns at once comes after it';
    case 'unknown-shell':
      return 'may not exec: which shell this is is not known';
    case 'no-command':
      return 'runs no command that it could exec';
  }
}

function initPhrase(link: ChainLink, isPid1: boolean): string[] {
  const init = link.init;
  if (!init) return [sigtermPhrase(link.sigterm, isPid1)];
  const parts = [
    init.group ? 'forwards SIGTERM to the whole process group' : 'forwards SIGTERM to its child',
  ];
  if (isPid1) {
    parts.push('reaps orphans');
  } else {
    parts.push(init.subreaper ? 'reaps as a subreaper' : 'not PID 1 and no subreaper: cannot reap');
  }
  if (init.remapExitCodes.length > 0) {
    parts.push(`maps exit ${init.remapExitCodes.join(', ')} to 0`);
  }
  if (init.fromRuntime) parts.push('added by the runtime (init: true / --init)');
  return parts;
}

function behaviourOf(link: ChainLink, isPid1: boolean): string {
  const parts: string[] = [];
  if (link.role === 'init') {
    parts.push(...initPhrase(link, isPid1));
    return parts.join(', ');
  }
  if (link.script?.hostPath) parts.push(`script from ${posixPath.basename(link.script.hostPath)}`);
  if (link.shell) {
    const phrase = shellPhrase(link.shell);
    parts.push(link.shell.implicit ? `shell form: ${phrase}` : phrase);
  }
  if (link.packageScript) {
    const { name, command, implicit } = link.packageScript;
    const script = `package.json "${name}"${implicit ? ' (npm’s default)' : ''}`;
    parts.push(`runs ${script}: ${shorten(command)}`);
  }
  // A link that execs the next is gone before any signal arrives.
  if (!link.transient) parts.push(sigtermPhrase(link.sigterm, isPid1));
  else if (parts.length === 0) parts.push('replaces itself with the next (exec)');
  if (isPid1) {
    const reap = reapPhrase(link.reaps);
    if (reap) parts.push(reap);
  }
  return parts.join(', ');
}

/** The rows of the chain table: one per link, numbered by process. */
export function chainRows(plan: LaunchPlan, options: DescribeOptions = {}): ChainRow[] {
  const base = options.base ?? posixPath.dirname(plan.path);
  const rows: ChainRow[] = [];
  let processes = 0;
  let previous: ChainLink | undefined;
  for (const link of plan.chain) {
    const isPid1 = !link.transient && processes === 0;
    if (!link.transient) processes++;
    // What npm starts is written in package.json, which has no range in the plan.
    const script = previous?.packageScript;
    const where = link.source
      ? `${displayPath(link.source.path, base)}:${link.source.range.start.line + 1}`
      : script
        ? `${displayPath(script.packageJsonPath, base)} "${script.name}"`
        : '';
    previous = link;
    rows.push({
      number: link.transient ? '' : String(processes),
      name: linkName(link),
      role: link.transient ? 'execs the next' : isPid1 ? 'PID 1' : 'child',
      where,
      behaviour: behaviourOf(link, isPid1),
    });
  }
  return rows;
}

/** "final stage of Dockerfile", with what is known of the image. */
export function describeHeading(plan: LaunchPlan, options: DescribeOptions = {}): string {
  const base = options.base ?? posixPath.dirname(plan.path);
  const facts: string[] = [];
  if (plan.build) {
    const target = plan.build.target ? `, target ${plan.build.target}` : '';
    facts.push(`builds ${displayPath(plan.build.dockerfilePath, base)}${target}`);
  }
  if (plan.baseImage) {
    facts.push(
      `${plan.kind === 'dockerfile' || plan.build ? 'base image' : 'image'} ${plan.baseImage}`,
    );
  }
  facts.push(
    plan.imageShell === 'unknown'
      ? '/bin/sh not known'
      : `/bin/sh = ${shellLabel(plan.imageShell)}`,
  );
  if (plan.runtimeInit) facts.push('init: true');
  return `${plan.name} of ${displayPath(plan.path, base)} (${facts.join(', ')})`;
}

/** What `docker stop` does to this site: the signal, to whom, and when SIGKILL follows. */
function stopLine(plan: LaunchPlan): string {
  const signal = plan.stopSignal?.value ?? 'SIGTERM';
  return `docker stop sends ${signal} to PID 1, then SIGKILL after ${plan.graceSeconds} s.`;
}

/**
 * The launch chain of one site as plain text lines: a heading, one line per link (numbered
 * by process; a link that execs the next is not a process of its own), how `docker stop`
 * ends it, and the notes of what the plan could not establish.
 */
export function describeChain(plan: LaunchPlan, options: DescribeOptions = {}): string[] {
  const lines = [describeHeading(plan, options)];
  const rows = chainRows(plan, options);
  if (rows.length === 0) {
    lines.push(
      '  Nothing is known about what runs: no ENTRYPOINT or CMD, and the image is not known.',
    );
  }
  const width = (pick: (r: ChainRow) => string) => Math.max(0, ...rows.map((r) => pick(r).length));
  const numberWidth = width((r) => r.number) + 1;
  const nameWidth = width((r) => r.name);
  const roleWidth = width((r) => r.role);
  const whereWidth = width((r) => r.where);
  for (const row of rows) {
    const number = (row.number ? `${row.number}.` : '-').padStart(numberWidth);
    const cells = [
      number,
      row.name.padEnd(nameWidth),
      row.role.padEnd(roleWidth),
      row.where.padEnd(whereWidth),
      row.behaviour,
    ];
    lines.push(`  ${cells.join('  ')}`.trimEnd());
  }
  lines.push(`  ${stopLine(plan)}`);
  for (const note of plan.notes) lines.push(`  Note: ${note}`);
  return lines;
}

/** Escapes text for Markdown, table cells included. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** The same as {@link describeChain}, as Markdown (a table) for a hover. */
export function describeChainMarkdown(plan: LaunchPlan, options: DescribeOptions = {}): string {
  const out = [`**${md(describeHeading(plan, options))}**`, ''];
  const rows = chainRows(plan, options);
  if (rows.length === 0) {
    out.push('Nothing is known about what runs: no ENTRYPOINT or CMD, and the image is not known.');
  } else {
    out.push('| # | process | role | where | on SIGTERM |', '|---|---|---|---|---|');
    for (const row of rows) {
      const cells = [row.number || '–', row.name, row.role, row.where, row.behaviour].map(md);
      out.push(`| ${cells.join(' | ')} |`);
    }
  }
  out.push('', md(stopLine(plan)));
  for (const note of plan.notes) out.push('', `*Note:* ${md(note)}`);
  return out.join('\n');
}
