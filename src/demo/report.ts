/**
 * The demo's report: the public JSON shape of DESIGN.md ("The demo's JSON"), the verdicts derived
 * from what was measured, and the renderers (text, JSON, Markdown, webview HTML). Nothing here runs
 * a process or touches the editor, so the same report reads the same everywhere.
 */

/** The scenarios a demo can run; the names are part of the public JSON. */
export type ScenarioName = 'as-written' | 'under-init' | 'with-fixes';

/** What was measured in one scenario, before it is judged. */
export interface ScenarioOutcome {
  name: ScenarioName;
  /** The image that ran (a temporary tag when the demo built it). */
  image: string;
  /** "tini" for docker's `--init`, "catatonit" for podman's; null without `--init`. */
  init: string | null;
  /** PID 1's command line inside the container, words joined by spaces. */
  pid1: string;
  /** The signal `docker stop` sent first: the image's STOPSIGNAL, SIGTERM by default. */
  stopSignal: string;
  /** Seconds from the stop command to the container's exit; null when it exited on its own. */
  stopSeconds: number | null;
  exitCode: number;
  oom: boolean;
  /** Processes in state Z just before the stop; null when the process list could not be read. */
  zombies: number | null;
  /** The container's last log lines, stdout and stderr in the order they were written. */
  logTail: string[];
  /** The container ended before the demo stopped it, so nothing about the stop was learnt. */
  exitedBeforeStop: boolean;
  /** Things the reader should know about how this run went (readiness not seen, fallbacks). */
  notes: string[];
  /** with-fixes only: the titles of the fixes the image was built with. */
  fixes?: string[];
}

/** One scenario as it appears in the report (DESIGN.md's fields first, then additions). */
export interface ScenarioReport {
  name: ScenarioName;
  init: string | null;
  pid1: string;
  stopSeconds: number | null;
  exitCode: number;
  /** SIGKILL was needed: see {@link wasKilled} for the rule. */
  killed: boolean;
  oom: boolean;
  zombies: number | null;
  logTail: string[];
  /** One sentence on what happened and what it means. */
  verdict: string;
  // Additions to the DESIGN.md shape (the shape may gain fields, never lose or rename them).
  image: string;
  stopSignal: string;
  exitMeaning: string;
  exitedBeforeStop: boolean;
  notes: string[];
  /** with-fixes only: the titles of the fixes the image was built with. */
  fixes?: string[];
}

/** The whole report: `pid1-doctor demo --format json` prints exactly this. */
export interface DemoReport {
  version: 1;
  /** What the user asked for: an image reference, or the Dockerfile the demo built. */
  image: string;
  /** The grace period `docker stop -t` was given, in seconds. */
  grace: number;
  scenarios: ScenarioReport[];
  // Additions to the DESIGN.md shape.
  cli: 'docker' | 'podman';
  /** One sentence on the image as written: does it stop gracefully? */
  summary: string;
  /** True when the as-written run stopped on its stop signal within the grace period with exit 0. */
  gracefulAsWritten: boolean;
}

/** Process names that are shells; as PID 1 they keep running on SIGTERM and do not pass it on. */
const SHELLS = new Set(['sh', 'ash', 'dash', 'bash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** Process names that are inits, which forward signals and reap orphans. */
const INITS = new Set([
  'docker-init',
  'tini',
  'tini-static',
  'dumb-init',
  'catatonit',
  's6-svscan',
  'runit',
  'supervisord',
]);
const PACKAGE_MANAGERS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'bun']);

type Pid1Kind = 'shell' | 'init' | 'package-manager' | 'app';

function pid1Kind(pid1: string): Pid1Kind {
  const words = pid1.trim().split(/\s+/);
  const first = (words[0] ?? '').split('/').pop() ?? '';
  if (INITS.has(first)) return 'init';
  if (SHELLS.has(first)) return 'shell';
  // npm sets its process title, so PID 1 reads "npm start"; a plain node running npm-cli.js too.
  if (PACKAGE_MANAGERS.has(first) || words.some((w) => /\/npm-cli\.js$|\/yarn\.js$/.test(w))) {
    return 'package-manager';
  }
  return 'app';
}

/**
 * The rule for "SIGKILL was needed": exit 137 and a stop that took at least 90% of the grace
 * period. Exit 137 alone is not enough (an OOM kill, or an app that exits 137 itself, gives it
 * too); on the measured engine every SIGKILL after a 3 s grace took 3.06-3.39 s and every other
 * stop at most 0.8 s, so the 90% line leaves room on both sides.
 */
export function wasKilled(outcome: ScenarioOutcome, grace: number): boolean {
  if (outcome.exitCode !== 137 || outcome.oom || outcome.stopSeconds === null) return false;
  return outcome.stopSeconds >= grace * 0.9;
}

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  6: 'SIGABRT',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  12: 'SIGUSR2',
  15: 'SIGTERM',
};

/** What an exit code means for a container that was stopped (or that stopped by itself). */
export function exitCodeMeaning(code: number): string {
  if (code === 0) {
    return 'exited cleanly (only the log shows whether the app\u2019s own clean-up ran)';
  }
  if (code === 137) return 'killed with SIGKILL (by docker stop after the grace period, or OOM)';
  if (code === 143) {
    return 'ended by SIGTERM, or the app chose to exit 143 (tini -e 143 maps it to 0)';
  }
  if (code > 128 && code < 160) {
    const name = SIGNALS[code - 128] ?? `signal ${code - 128}`;
    return `ended by ${name} (128 + ${code - 128})`;
  }
  if (code === 1) return 'a general error';
  if (code === 126 || code === 127)
    return 'the command could not be run (not executable, or not found)';
  return 'an error code chosen by the app';
}

/** Seconds for people: "0.06 s", "3.07 s", "10 s". */
export function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds} s` : `${seconds.toFixed(2)} s`;
}

/** The one-sentence verdict for a scenario, from what was measured and nothing else. */
export function verdictFor(outcome: ScenarioOutcome, grace: number): string {
  const signal = outcome.stopSignal;
  const kind = pid1Kind(outcome.pid1);
  const code = outcome.exitCode;

  if (outcome.oom) {
    // The kernel's kill can come before the stop or during the grace period; either way it decides.
    return `The container ran out of memory and was killed by the kernel (exit ${code}), not by the stop: raise the memory limit or find what grows.`;
  }
  if (outcome.exitedBeforeStop) {
    return (
      `The container exited by itself (exit ${code}) before it was stopped, so its shutdown ` +
      'could not be shown: check that the image runs a long-lived app.'
    );
  }
  const took = formatSeconds(outcome.stopSeconds ?? 0);
  if (wasKilled(outcome, grace)) {
    const waited = `docker stop waited the full ${formatSeconds(grace)} grace period and then killed it (exit 137)`;
    if (kind === 'shell') {
      return `${signal} did nothing: the shell stayed PID 1 and did not pass it on, so ${waited}; the app never heard the signal.`;
    }
    if (kind === 'init') {
      return `The init passed ${signal} on but the app ignored it, so ${waited}: the app itself needs a ${signal} handler.`;
    }
    if (kind === 'package-manager') {
      return `${signal} did nothing: the package manager is PID 1, so ${waited}; run the app directly.`;
    }
    return `${signal} did nothing: the app is PID 1 and has no ${signal} handler, so ${waited}. The app itself needs a ${signal} handler.`;
  }
  const stopped = `Stopped on ${signal} in ${took}`;
  if (code === 0) {
    if (kind === 'app') return `${stopped} and exited 0: the app handled ${signal}.`;
    return `${stopped} and exited 0: a clean exit (the app\u2019s last log lines show whether its own clean-up ran).`;
  }
  if (code === 143) {
    if (kind === 'init') {
      return `${stopped}, fast but with exit 143: the init passed ${signal} on and the app died of it (or exited 143 itself); most orchestrators count 143 as a failure, which tini -e 143 maps to 0.`;
    }
    return `${stopped} with exit 143: the process died of SIGTERM or exited 143 itself; most orchestrators count that as a failure.`;
  }
  if (code === 137) {
    return `Stopped in ${took} with exit 137 before the grace period ended: something killed it with SIGKILL.`;
  }
  if (kind === 'package-manager') {
    return `${stopped} but exited ${code}: the package manager reported the script's death as an error, and the app's own handler may never have run (see its log).`;
  }
  return `${stopped} but exited ${code} (${exitCodeMeaning(code)}), so the shutdown counts as failed.`;
}

/** True when this outcome is the goal: stopped by its stop signal within the grace period, exit 0. */
export function stoppedGracefully(outcome: ScenarioOutcome, grace: number): boolean {
  return (
    !outcome.exitedBeforeStop &&
    !outcome.oom &&
    outcome.exitCode === 0 &&
    !wasKilled(outcome, grace) &&
    (outcome.stopSeconds ?? Infinity) < grace
  );
}

/** Judges the measured outcomes and puts the report together. */
export function buildReport(
  image: string,
  grace: number,
  cli: 'docker' | 'podman',
  outcomes: ScenarioOutcome[],
): DemoReport {
  const scenarios = outcomes.map((o): ScenarioReport => ({
    name: o.name,
    init: o.init,
    pid1: o.pid1,
    stopSeconds: o.stopSeconds === null ? null : Math.round(o.stopSeconds * 100) / 100,
    exitCode: o.exitCode,
    killed: wasKilled(o, grace),
    oom: o.oom,
    zombies: o.zombies,
    logTail: o.logTail,
    verdict: verdictFor(o, grace),
    image: o.image,
    stopSignal: o.stopSignal,
    exitMeaning: exitCodeMeaning(o.exitCode),
    exitedBeforeStop: o.exitedBeforeStop,
    notes: o.notes,
    ...(o.fixes ? { fixes: o.fixes } : {}),
  }));
  const asWritten = outcomes.find((o) => o.name === 'as-written');
  const graceful = asWritten !== undefined && stoppedGracefully(asWritten, grace);
  return {
    version: 1,
    image,
    grace,
    scenarios,
    cli,
    summary: summarize(asWritten, graceful, outcomes, grace),
    gracefulAsWritten: graceful,
  };
}

function summarize(
  asWritten: ScenarioOutcome | undefined,
  graceful: boolean,
  outcomes: ScenarioOutcome[],
  grace: number,
): string {
  if (!asWritten) return 'The image was not run as written.';
  const zombies = asWritten.zombies ?? 0;
  if (graceful) {
    const reap =
      zombies > 0
        ? ` It did leave ${zombies} zombie processes unreaped; an init would reap them.`
        : '';
    return `This image stops gracefully as written: exit 0 on ${asWritten.stopSignal} within the grace period.${reap}`;
  }
  const how = asWritten.oom
    ? `it ran out of memory and was killed by the kernel (exit ${asWritten.exitCode})`
    : asWritten.exitedBeforeStop
      ? `it exited by itself with ${asWritten.exitCode} before the stop`
      : wasKilled(asWritten, grace)
        ? `it needed SIGKILL after the ${formatSeconds(grace)} grace period`
        : `it exited ${asWritten.exitCode}`;
  const others = outcomes
    .filter((o) => o !== asWritten && !o.exitedBeforeStop && o.stopSeconds !== null)
    .map(
      (o) =>
        `${o.name}: ${formatSeconds(Math.round(o.stopSeconds! * 100) / 100)}, exit ${o.exitCode}`,
    );
  const tail = others.length > 0 ? ` (${others.join('; ')})` : '';
  return `This image does not stop gracefully as written: ${how}${tail}.`;
}

/** The report as JSON, the shape of DESIGN.md plus the added fields. */
export function renderJson(report: DemoReport): string {
  return JSON.stringify(report, null, 2);
}

interface Row {
  label: string;
  cell: (s: ScenarioReport) => string;
}

const ROWS: Row[] = [
  { label: 'init', cell: (s) => s.init ?? 'none' },
  { label: 'PID 1', cell: (s) => s.pid1 || '?' },
  {
    label: 'stop',
    cell: (s) => (s.stopSeconds === null ? 'exited by itself' : formatSeconds(s.stopSeconds)),
  },
  { label: 'exit code', cell: (s) => String(s.exitCode) },
  { label: 'SIGKILL needed', cell: (s) => (s.killed ? 'yes' : 'no') },
  { label: 'OOM', cell: (s) => (s.oom ? 'yes' : 'no') },
  { label: 'zombies', cell: (s) => (s.zombies === null ? 'unknown' : String(s.zombies)) },
];

const TEXT_COLUMN = 38;

/** Breaks a cell into lines of at most `width`, at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > 0 ? space : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** The report as plain text, scenarios side by side, for the log and the terminal. */
export function renderText(report: DemoReport): string {
  const labelWidth = Math.max(...ROWS.map((r) => r.label.length)) + 2;
  const lines: string[] = [];
  const row = (label: string, cells: string[]): void => {
    const wrapped = cells.map((c) => wrap(c, TEXT_COLUMN));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let i = 0; i < height; i++) {
      const parts = wrapped.map((w) => (w[i] ?? '').padEnd(TEXT_COLUMN));
      lines.push(((i === 0 ? label : '').padEnd(labelWidth) + parts.join('  ')).trimEnd());
    }
  };
  lines.push(
    `SIGTERM demo of ${report.image} (grace ${formatSeconds(report.grace)}, ${report.cli})`,
  );
  lines.push('');
  row(
    '',
    report.scenarios.map((s) => s.name),
  );
  for (const r of ROWS)
    row(
      r.label,
      report.scenarios.map((s) => r.cell(s)),
    );
  lines.push('');
  for (const s of report.scenarios) {
    lines.push(`${s.name}: ${s.verdict}`);
    lines.push(`  exit ${s.exitCode}: ${s.exitMeaning}`);
    if (s.fixes) lines.push(`  fixes applied: ${s.fixes.join('; ') || 'none'}`);
    for (const note of s.notes) lines.push(`  note: ${note}`);
    if (s.logTail.length > 0) {
      lines.push('  last log lines:');
      for (const line of s.logTail) lines.push(`    ${line}`);
    }
    lines.push('');
  }
  lines.push(report.summary);
  return lines.join('\n') + '\n';
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The report as Markdown, for a pull request ("Copy as Markdown"). */
export function renderMarkdown(report: DemoReport): string {
  const out: string[] = [];
  out.push(`### SIGTERM demo: \`${report.image}\``);
  out.push('');
  out.push(`${report.summary} Grace period: ${formatSeconds(report.grace)}.`);
  out.push('');
  out.push(`| | ${report.scenarios.map((s) => markdownCell(s.name)).join(' | ')} |`);
  out.push(`|---|${report.scenarios.map(() => '---').join('|')}|`);
  for (const row of ROWS) {
    const cells = report.scenarios.map((s) => {
      const value = markdownCell(row.cell(s));
      return row.label === 'PID 1' ? `\`${value.replace(/`/g, "'")}\`` : value;
    });
    out.push(`| ${row.label} | ${cells.join(' | ')} |`);
  }
  out.push(`| verdict | ${report.scenarios.map((s) => markdownCell(s.verdict)).join(' | ')} |`);
  const fixed = report.scenarios.find((s) => s.fixes && s.fixes.length > 0);
  if (fixed?.fixes) {
    out.push('');
    out.push(`Fixes applied in ${fixed.name}: ${fixed.fixes.map(markdownCell).join('; ')}.`);
  }
  out.push('');
  for (const s of report.scenarios) {
    if (s.logTail.length === 0) continue;
    out.push(`<details><summary>${s.name}: last log lines</summary>`);
    out.push('');
    out.push('```');
    // A fence inside the log would end ours early.
    out.push(...s.logTail.map((l) => l.replace(/```/g, "'''")));
    out.push('```');
    out.push('');
    out.push('</details>');
    out.push('');
  }
  return out.join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** What the webview needs from the editor to build a page its content security policy allows. */
export interface HtmlOptions {
  /** The webview's `cspSource`. */
  cspSource: string;
  /** A fresh random nonce for this page's one style and one script element. */
  nonce: string;
}

function outcomeClass(s: ScenarioReport, grace: number): 'good' | 'bad' | 'warn' {
  if (s.killed || s.oom || s.exitedBeforeStop) return 'bad';
  if (s.exitCode === 0 && (s.stopSeconds ?? Infinity) < grace) return 'good';
  return 'warn';
}

/** An SVG of each scenario's stop-to-exit time against the grace period. */
function renderTimeline(report: DemoReport): string {
  const width = 560;
  const left = 110;
  const rowHeight = 26;
  const top = 10;
  const times = report.scenarios.map((s) => s.stopSeconds ?? 0);
  const span = Math.max(report.grace, ...times, 0.5) * 1.15;
  const x = (seconds: number): number => left + ((width - left - 20) * seconds) / span;
  const height = top + rowHeight * report.scenarios.length + 24;
  const parts: string[] = [];
  report.scenarios.forEach((s, i) => {
    const y = top + i * rowHeight;
    const seconds = s.stopSeconds ?? 0;
    const label = s.stopSeconds === null ? 'exited by itself' : formatSeconds(seconds);
    const barWidth = Math.max(x(seconds) - left, 2);
    parts.push(
      `<text class="label" x="0" y="${y + 15}">${escapeHtml(s.name)}</text>`,
      `<rect class="bar ${outcomeClass(s, report.grace)}" x="${left}" y="${y + 4}" width="${barWidth.toFixed(1)}" height="14" rx="2"></rect>`,
      `<text class="value" x="${(left + barWidth + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(label)}</text>`,
    );
  });
  const graceX = x(report.grace).toFixed(1);
  const bottom = top + rowHeight * report.scenarios.length;
  parts.push(
    `<line class="grace" x1="${graceX}" y1="${top}" x2="${graceX}" y2="${bottom}"></line>`,
    `<text class="value" x="${graceX}" y="${bottom + 16}" text-anchor="middle">grace ${escapeHtml(formatSeconds(report.grace))}</text>`,
  );
  return (
    `<svg class="timeline" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `aria-label="Seconds from the stop to the exit of each scenario, against the grace period">` +
    `<title>Stop to exit, against the grace period</title>${parts.join('')}</svg>`
  );
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
  color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
h1 { font-size: 1.3em; font-weight: 600; }
.summary { margin: 0 0 12px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; }
.scenario { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  border-radius: 4px; padding: 8px 12px; }
.scenario h2 { font-size: 1.1em; margin: 4px 0 8px; }
.scenario.good h2::before { content: '\\2713  '; color: var(--vscode-testing-iconPassed); }
.scenario.bad h2::before { content: '\\2717  '; color: var(--vscode-errorForeground); }
.scenario.warn h2::before { content: '!  '; color: var(--vscode-editorWarning-foreground); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
dt { color: var(--vscode-descriptionForeground); }
dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: var(--vscode-editor-font-family); }
pre { background: var(--vscode-textCodeBlock-background); padding: 6px; overflow-x: auto;
  white-space: pre-wrap; max-height: 14em; }
.verdict { margin: 8px 0; }
.timeline .label, .timeline .value { fill: var(--vscode-foreground); font-size: 12px; }
.timeline .bar.good { fill: var(--vscode-testing-iconPassed); }
.timeline .bar.bad { fill: var(--vscode-errorForeground); }
.timeline .bar.warn { fill: var(--vscode-editorWarning-foreground); }
.timeline .grace { stroke: var(--vscode-descriptionForeground); stroke-dasharray: 4 3; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background);
  border: none; padding: 4px 12px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
`;

/**
 * The report as a complete HTML page for a VS Code webview: a strict content security policy
 * (only this page's nonce'd style and script), theme colours, one column per scenario, the
 * timeline, and a "Copy as Markdown" button that posts
 * `{ type: 'copyMarkdown', markdown }` to the extension, which owns the clipboard.
 */
export function renderHtml(report: DemoReport, options: HtmlOptions): string {
  const { cspSource, nonce } = options;
  const csp =
    `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; ` +
    `script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
  const columns = report.scenarios.map((s) => {
    const rows = ROWS.map((row) => {
      const value = escapeHtml(row.cell(s));
      const shown = row.label === 'PID 1' ? `<code>${value}</code>` : value;
      return `<dt>${escapeHtml(row.label)}</dt><dd>${shown}</dd>`;
    }).join('');
    const fixes = s.fixes
      ? `<p class="fixes">Fixes applied: ${escapeHtml(s.fixes.join('; ') || 'none')}</p>`
      : '';
    const notes = fixes + s.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
    const log =
      s.logTail.length > 0
        ? `<h3>Last log lines</h3><pre>${escapeHtml(s.logTail.join('\n'))}</pre>`
        : '<p>No log output.</p>';
    return (
      `<section class="scenario ${outcomeClass(s, report.grace)}" data-scenario="${escapeHtml(s.name)}">` +
      `<h2>${escapeHtml(s.name)}</h2><p class="verdict">${escapeHtml(s.verdict)}</p>` +
      `<dl>${rows}<dt>exit meaning</dt><dd>${escapeHtml(s.exitMeaning)}</dd></dl>${notes}${log}</section>`
    );
  });
  // JSON in a script element: "<" escaped so no "</script>" in the data can end the element.
  const markdown = JSON.stringify(renderMarkdown(report)).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>SIGTERM demo</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
<h1>SIGTERM demo: <code>${escapeHtml(report.image)}</code></h1>
<p class="summary">${escapeHtml(report.summary)} Grace period: ${escapeHtml(formatSeconds(report.grace))}.</p>
<p><button id="copy-markdown" type="button">Copy as Markdown</button></p>
${renderTimeline(report)}
<div class="columns">${columns.join('\n')}</div>
<script nonce="${escapeHtml(nonce)}">
(function () {
  const vscode = acquireVsCodeApi();
  const markdown = ${markdown};
  document.getElementById('copy-markdown').addEventListener('click', function () {
    vscode.postMessage({ type: 'copyMarkdown', markdown: markdown });
  });
  // Tells the extension what the page shows once it has rendered (the integration tests read it).
  const scenarios = Array.prototype.map.call(document.querySelectorAll('section.scenario'), function (section) {
    const fields = {};
    section.querySelectorAll('dt').forEach(function (term) {
      fields[term.textContent] = term.nextElementSibling ? term.nextElementSibling.textContent : '';
    });
    return { name: section.getAttribute('data-scenario'), fields: fields };
  });
  vscode.postMessage({ type: 'rendered', scenarios: scenarios });
})();
</script>
</body>
</html>
`;
}
