/**
 * The one entry point the editor, the CLI and the tests share: files in, findings and plans out.
 * text -> parse -> LaunchPlan -> rules -> findings, with configuration and suppressions applied.
 */
import * as posixPath from 'node:path/posix';
import { planComposeService, planDockerfile, type PlanContext } from './launch/build';
import type { LaunchPlan } from './launch/types';
import { isComposeFileName, parseCompose } from './parse/compose';
import { parseDockerfile } from './parse/dockerfile';
import { SHELL_TOO_COMPLEX, splitComposeWords } from './parse/shell';
import type { ComposeModel, DockerfileModel } from './parse/model';
import { RULES, type RuleContext } from './rules';
import type { Config, FileKind, FileReader, Finding, Range, RuleId, SourceFile } from './types';
import { RULE_IDS } from './types';

export interface AnalyzeInput {
  /** The files to report on, with their current text. */
  files: SourceFile[];
  /** Reads files that were not handed in (Dockerfiles a compose file builds, package.json). */
  reader: FileReader;
  config?: Config;
}

export interface FileProblem {
  path: string;
  message: string;
  range: Range;
}

export interface AnalysisResult {
  /** Findings in the files handed in, sorted by path and position. */
  findings: Finding[];
  plans: LaunchPlan[];
  /** Files that could not be read as what they claim to be (YAML errors and the like). */
  problems: FileProblem[];
}

/**
 * Last extensions that make a `Dockerfile.<suffix>` / `Containerfile.<suffix>` name something
 * other than a Dockerfile: source code about Dockerfiles (`dockerfile.ts`, `dockerfile.go`),
 * documentation (`Dockerfile.md`), the per-Dockerfile ignore file (`Dockerfile.dockerignore`),
 * templates that are rendered into a Dockerfile (`Dockerfile.j2`), and editor or patch
 * leftovers (`Dockerfile.orig`). Any other suffix (`.dev`, `.prod`, `.alpine`, `.arm64`, ...)
 * names a Dockerfile variant.
 */
const NOT_DOCKERFILE_EXTENSIONS = new Set(
  [
    // ignore files
    'dockerignore containerignore gitignore',
    // documentation and text
    'md markdown mdx rst adoc asciidoc txt html htm pdf',
    // source code, tests and their by-products
    'ts tsx mts cts js jsx mjs cjs map go py pyi rs java kt kts scala groovy rb php cs fs vb',
    'c h cc cpp cxx hpp swift dart lua pl pm ex exs erl hs clj el vim snap',
    'sh bash zsh fish ps1 psm1 bat cmd',
    // data and configuration
    'json jsonc json5 yaml yml toml ini xml csv lock hcl tf nix',
    // templates
    'j2 jinja jinja2 tmpl tpl template gotmpl erb ejs hbs mustache njk liquid',
    // editor, patch and backup leftovers
    'orig rej patch diff bak swp swo tmp',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Which kind of file a name is, or undefined when PID 1 Doctor has nothing to say about it.
 * Dockerfiles, case-insensitively: `Dockerfile`, `Containerfile`, `<name>.dockerfile`,
 * `<name>.containerfile`, and `Dockerfile.<suffix>` / `Containerfile.<suffix>` unless the
 * last extension is one of NOT_DOCKERFILE_EXTENSIONS. Compose files: see isComposeFileName.
 */
export function fileKindOf(fileName: string): FileKind | undefined {
  const base = posixPath.basename(fileName.replace(/\\/g, '/'));
  const lower = base.toLowerCase();
  if (isComposeFileName(base)) return 'compose';
  if (lower === 'dockerfile' || lower === 'containerfile') return 'dockerfile';
  if (/.\.(?:dockerfile|containerfile)$/.test(lower)) return 'dockerfile';
  const variant = /^(?:dockerfile|containerfile)\.(.+)$/.exec(lower);
  if (variant) {
    const last = variant[1].slice(variant[1].lastIndexOf('.') + 1);
    if (last !== '' && !NOT_DOCKERFILE_EXTENSIONS.has(last)) return 'dockerfile';
  }
  return undefined;
}

export function analyze(input: AnalyzeInput): AnalysisResult {
  const reported = new Set(input.files.map((f) => f.path));
  const dockerfiles = new Map<string, DockerfileModel>();
  const composes: ComposeModel[] = [];
  const problems: FileProblem[] = [];
  const texts = new Map<string, string>();

  const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  /** Runs one file's or one launch site's part of the work; if it throws, the failure is
   *  reported under that file and the other files' findings are kept. */
  const contained = <T>(path: string, range: Range, what: string, work: () => T): T | undefined => {
    try {
      return work();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      problems.push({ path, message: `${what} failed: ${message}`, range });
      return undefined;
    }
  };

  for (const file of input.files) {
    texts.set(file.path, file.text);
    problems.push(...suppressionProblems(file.path, file.text));
    if (file.kind === 'dockerfile') {
      const model = contained(file.path, START, 'Reading this Dockerfile', () =>
        parseDockerfile(file.path, file.text),
      );
      if (!model) continue;
      dockerfiles.set(file.path, model);
      for (const p of model.problems) problems.push({ path: file.path, ...p });
    } else if (file.kind === 'compose') {
      const model = contained(file.path, START, 'Reading this compose file', () =>
        parseCompose(file.path, file.text),
      );
      if (!model) continue;
      composes.push(model);
      for (const p of model.problems) problems.push({ path: file.path, ...p });
      problems.push(...composeCommandProblems(model));
    }
  }

  const planCtx: PlanContext = {
    reader: input.reader,
    dockerfile(path) {
      let model = dockerfiles.get(path);
      if (!model) {
        const text = input.reader.readFile(path);
        if (text === undefined) return undefined;
        model = parseDockerfile(path, text);
        dockerfiles.set(path, model);
        texts.set(path, text);
      }
      return model;
    },
  };

  const plans: LaunchPlan[] = [];
  for (const file of input.files) {
    const model = file.kind === 'dockerfile' ? dockerfiles.get(file.path) : undefined;
    const plan =
      model &&
      contained(file.path, START, 'Working out what this Dockerfile runs', () =>
        planDockerfile(model, planCtx),
      );
    if (plan) plans.push(plan);
  }
  for (const compose of composes) {
    for (const service of compose.services) {
      const plan = contained(
        compose.path,
        service.keyRange,
        `Working out what service ${service.name} runs`,
        () => planComposeService(compose, service, planCtx),
      );
      if (plan) plans.push(plan);
    }
  }
  problems.push(...shellLimitProblems(plans, reported));

  const ruleCtx: RuleContext = {
    composeBuilders(dockerfilePath) {
      const out: ReturnType<RuleContext['composeBuilders']> = [];
      for (const model of composes) {
        for (const service of model.services) {
          if (service.build?.dockerfile === dockerfilePath) out.push({ model, service });
        }
      }
      return out;
    },
    dockerfile: (path) => planCtx.dockerfile(path),
    readFile: (path) => input.reader.readFile(path),
  };

  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const plan of plans) {
    for (const rule of RULES) {
      let produced: Finding[];
      try {
        produced = rule.check(plan, ruleCtx);
      } catch (err) {
        // A rule that fails on odd input must not take the others down with it.
        problems.push({
          path: plan.path,
          message: `Rule ${rule.id} failed on ${plan.name}: ${(err as Error).message}`,
          range: plan.anchor.range,
        });
        continue;
      }
      for (const f of produced) {
        const key = `${f.rule}|${f.path}|${f.range.start.line}:${f.range.start.character}`;
        if (seen.has(key) || !reported.has(f.path)) continue;
        seen.add(key);
        findings.push(f);
      }
    }
  }

  const configured = applyConfig(findings, input.config);
  const bodies = new Map<string, Set<number>>();
  for (const [path, model] of dockerfiles) {
    const lines = new Set<number>();
    for (const { from, to } of model.heredocLines ?? []) {
      for (let line = from; line <= to; line++) lines.add(line);
    }
    bodies.set(path, lines);
  }
  const kept = configured.filter((f) => !isSuppressed(f, texts.get(f.path), bodies.get(f.path)));
  kept.sort(compareFindings);
  return { findings: kept, plans, problems };
}

/** A string `command:`/`entrypoint:` that compose itself refuses to split (an open quote, a
 *  bare `(`): `docker compose` fails to load the file, so the user is told where. */
function composeCommandProblems(model: ComposeModel): FileProblem[] {
  const out: FileProblem[] = [];
  for (const service of model.services) {
    for (const [key, cmd] of [
      ['command', service.command],
      ['entrypoint', service.entrypoint],
    ] as const) {
      if (cmd?.kind !== 'string') continue;
      const error = splitComposeWords(cmd.value).error;
      if (error) {
        out.push({
          path: model.path,
          range: cmd.range,
          message: `Compose cannot split the ${key} of service "${service.name}" into words (${error}), so docker compose refuses to load this file.`,
        });
      }
    }
  }
  return out;
}

/** Shell text the analysis had to give up on (too deep for the parser): not an error in the
 *  file, but the findings about that launch may be missing, so the user is told. */
function shellLimitProblems(plans: LaunchPlan[], reported: Set<string>): FileProblem[] {
  const out: FileProblem[] = [];
  const seen = new Set<string>();
  for (const plan of plans) {
    for (const link of plan.chain) {
      const error = link.shell?.analysis.error;
      if (!error?.message.startsWith(SHELL_TOO_COMPLEX)) continue;
      const here = link.source && reported.has(link.source.path) ? link.source : plan.anchor;
      const key = `${here.path}|${here.range.start.line}:${here.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        path: here.path,
        message: `The shell text of ${link.label}: ${error.message}; findings about it may be missing.`,
        range: here.range,
      });
    }
  }
  return out;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.path.localeCompare(b.path) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.rule.localeCompare(b.rule)
  );
}

/** Severity overrides and switched-off rules from `.pid1-doctor.json` / `pid1.rules`. */
export function applyConfig(findings: Finding[], config: Config | undefined): Finding[] {
  if (!config) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = config.rules[f.rule];
    if (setting === 'off') continue;
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out;
}

const IGNORE_LINE = /#\s*pid1-ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
const IGNORE_FILE = /#\s*pid1-ignore-file\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

const IGNORE_ANY = /#\s*(pid1-ignore(?:-file)?)\b(.*)$/;

/**
 * Suppression comments that would silently do nothing: no rule named, or a rule id that does
 * not exist (a typo such as `shellform`). The analysis still runs; the user is told.
 */
export function suppressionProblems(path: string, text: string): FileProblem[] {
  const out: FileProblem[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = IGNORE_ANY.exec(line);
    if (!m) return;
    const range = {
      start: { line: i, character: m.index },
      end: { line: i, character: line.length },
    };
    // The ids are the comma-separated words right after the marker, as isSuppressed reads them.
    const ids = /^\s+([\w.-]+(?:\s*,\s*[\w.-]+)*)/.exec(m[2])?.[1];
    if (!ids || ids === '--') {
      out.push({ path, range, message: `${m[1]} names no rule, so it suppresses nothing.` });
      return;
    }
    for (const id of ruleList(ids)) {
      if (!(RULE_IDS as readonly string[]).includes(id)) {
        out.push({
          path,
          range,
          message: `${m[1]}: "${id}" is not a rule id, so it suppresses nothing (the ids are listed in docs/rules).`,
        });
      }
    }
  });
  return out;
}

function ruleList(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/**
 * `# pid1-ignore rule[,rule] [-- reason]` in the comment lines right above the finding, or
 * `# pid1-ignore-file rule` anywhere in the file. `contentLines` are lines that are not the
 * file's own comments (a Dockerfile's heredoc bodies): a marker there suppresses nothing.
 */
export function isSuppressed(
  finding: Finding,
  text: string | undefined,
  contentLines?: ReadonlySet<number>,
): boolean {
  if (text === undefined) return false;
  const lines = text.split(/\r\n|\r|\n/);
  for (const [line, content] of lines.entries()) {
    if (contentLines?.has(line) || !content.includes('pid1-ignore-file')) continue;
    const m = IGNORE_FILE.exec(content);
    if (m && ruleList(m[1]).includes(finding.rule)) return true;
  }
  for (let line = finding.range.start.line - 1; line >= 0; line--) {
    const trimmed = lines[line]?.trim() ?? '';
    if (!trimmed.startsWith('#') || contentLines?.has(line)) break;
    const m = IGNORE_LINE.exec(trimmed);
    if (m && !trimmed.includes('pid1-ignore-file') && ruleList(m[1]).includes(finding.rule))
      return true;
  }
  return false;
}

/** Reads `.pid1-doctor.json` text into a Config; unknown rules and values are reported. */
export function parseConfig(text: string): { config: Config; errors: string[] } {
  const errors: string[] = [];
  const config: Config = { rules: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { config, errors: [`not valid JSON: ${(err as Error).message}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const what = json === null ? 'null' : Array.isArray(json) ? 'an array' : `a ${typeof json}`;
    return {
      config,
      errors: [`must be a JSON object such as {"rules": {"missing-init": "error"}}, not ${what}`],
    };
  }
  for (const key of Object.keys(json)) {
    if (key !== 'rules' && key !== '$schema') {
      errors.push(`unknown key "${key}" (the settings go under "rules")`);
    }
  }
  const rules = (json as { rules?: unknown }).rules;
  if (rules === undefined) return { config, errors };
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    return { config, errors: ['"rules" must be an object'] };
  }
  for (const [id, value] of Object.entries(rules)) {
    if (!(RULE_IDS as readonly string[]).includes(id)) {
      errors.push(`unknown rule "${id}"`);
      continue;
    }
    if (value !== 'off' && value !== 'info' && value !== 'warning' && value !== 'error') {
      errors.push(`rule "${id}": "${String(value)}" is not one of off, info, warning, error`);
      continue;
    }
    config.rules[id as RuleId] = value;
  }
  return { config, errors };
}
