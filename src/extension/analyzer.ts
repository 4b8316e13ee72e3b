import * as vscode from 'vscode';
import {
  analyze,
  fileKindOf,
  type AnalysisResult,
  type Finding,
  type LaunchPlan,
  type Range,
  type SourceFile,
} from '../core';
import { diskReader, toCorePath } from '../host/disk-reader';
import { readSettings, type Settings } from './settings';

const FILE_GLOB =
  '**/{Dockerfile,Containerfile,*.dockerfile,*.Dockerfile,*.containerfile,Dockerfile.*,Containerfile.*,compose.yaml,compose.yml,compose.*.yaml,compose.*.yml,docker-compose.yaml,docker-compose.yml,docker-compose.*.yaml,docker-compose.*.yml}';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';
const MAX_FILES = 500;

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromVsRange(r: vscode.Range): Range {
  return {
    start: { line: r.start.line, character: r.start.character },
    end: { line: r.end.line, character: r.end.character },
  };
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A key that ties a diagnostic back to the finding it shows. */
export function findingKey(path: string, rule: string, range: Range): string {
  return `${path}|${rule}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/**
 * Keeps the diagnostics of one workspace up to date: knows the Dockerfiles and compose files of
 * the workspace, re-analyses them (debounced) when one changes, and remembers the findings and
 * plans so code actions and hovers can use them.
 */
export class Analyzer implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('pid1');
  private readonly files = new Set<string>();
  private readonly findings = new Map<string, Finding>();
  private plans: LaunchPlan[] = [];
  /** The text of each file as the latest analysis read it. */
  private readonly analysedTexts = new Map<string, string>();
  private loggedProblems = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each analysis, when diagnostics are published. */
  readonly onDidAnalyse = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  settings: Settings | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly docsRoot: vscode.Uri,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(FILE_GLOB);
    this.disposables.push(
      this.collection,
      this.changed,
      watcher,
      watcher.onDidCreate((uri) => this.track(uri)),
      watcher.onDidDelete((uri) => {
        this.files.delete(toCorePath(uri.fsPath));
        this.collection.delete(uri);
        this.schedule();
      }),
      watcher.onDidChange(() => this.schedule()),
      vscode.workspace.onDidOpenTextDocument((doc) => this.onDocument(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocument(e.document)),
      vscode.workspace.onDidCloseTextDocument(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('pid1')) this.schedule(0);
      }),
    );
  }

  /** Finds the workspace's files once, then analyses. */
  async start(): Promise<void> {
    try {
      const uris = await vscode.workspace.findFiles(FILE_GLOB, EXCLUDE_GLOB, MAX_FILES);
      for (const uri of uris) if (uri.scheme === 'file') this.files.add(toCorePath(uri.fsPath));
      this.log.info(`Found ${uris.length} Dockerfiles and compose files in the workspace.`);
    } catch (err) {
      this.log.error(`Could not list the workspace's files: ${(err as Error).message}`);
    }
    for (const doc of vscode.workspace.textDocuments) this.onDocument(doc, false);
    await this.analyseNow();
  }

  private track(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !fileKindOf(uri.fsPath)) return;
    this.files.add(toCorePath(uri.fsPath));
    this.schedule();
  }

  private onDocument(doc: vscode.TextDocument, schedule = true): void {
    if (doc.uri.scheme !== 'file') return;
    const known = fileKindOf(doc.uri.fsPath);
    const byLanguage = doc.languageId === 'dockerfile' || doc.languageId === 'dockercompose';
    if (!known && !byLanguage) return;
    this.files.add(toCorePath(doc.uri.fsPath));
    if (schedule) this.schedule();
  }

  /** Debounced so typing never waits on analysis. */
  schedule(delay?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.analyseNow();
      },
      delay ?? this.settings?.debounceMs ?? 300,
    );
  }

  /** Runs one analysis after any that is under way; resolves when diagnostics are out. */
  analyseNow(): Promise<void> {
    this.running = this.running
      .then(() => this.run())
      .catch((err: unknown) => {
        this.log.error(`Analysis failed: ${(err as Error).stack ?? String(err)}`);
      });
    return this.running;
  }

  private async run(): Promise<void> {
    const started = Date.now();
    const folder = vscode.workspace.workspaceFolders?.[0];
    const settings = await readSettings(folder);
    this.settings = settings;
    for (const e of settings.configErrors) this.log.warn(e);
    if (!settings.enable) {
      this.collection.clear();
      this.findings.clear();
      this.plans = [];
      this.changed.fire();
      return;
    }
    const open = new Map<string, vscode.TextDocument>();
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === 'file') open.set(toCorePath(doc.uri.fsPath), doc);
    }
    const reader = diskReader((path) => open.get(path)?.getText());
    const sources: SourceFile[] = [];
    for (const path of this.files) {
      const doc = open.get(path);
      let kind = fileKindOf(path);
      if (!kind && doc) kind = doc.languageId === 'dockercompose' ? 'compose' : 'dockerfile';
      if (!kind) continue;
      const text = reader.readFile(path);
      if (text === undefined) continue;
      sources.push({ path, text, kind });
    }
    const result: AnalysisResult = analyze({ files: sources, reader, config: settings.config });
    this.publish(sources, result);
    this.log.info(
      `Analysed ${sources.length} files (${result.plans.length} launch sites): ${result.findings.length} findings in ${Date.now() - started} ms.`,
    );
    // Each problem is logged once, not again at every keystroke while it stays.
    const logged = new Set<string>();
    for (const p of result.problems) {
      const line = `${p.path}:${p.range.start.line + 1}: ${p.message}`;
      if (!this.loggedProblems.has(line)) this.log.warn(line);
      logged.add(line);
    }
    this.loggedProblems = logged;
  }

  private publish(sources: SourceFile[], result: AnalysisResult): void {
    this.findings.clear();
    this.plans = result.plans;
    const byPath = new Map<string, vscode.Diagnostic[]>();
    for (const s of sources) byPath.set(s.path, []);
    this.analysedTexts.clear();
    for (const s of sources) this.analysedTexts.set(s.path, s.text);
    // A file the analysis could not read, or a launch too complex to follow, would otherwise
    // look clean: say so, as information, so that missing findings are not taken for none.
    for (const p of result.problems) {
      const d = new vscode.Diagnostic(
        toVsRange(p.range),
        p.message,
        vscode.DiagnosticSeverity.Information,
      );
      d.source = 'pid1';
      d.code = 'analysis';
      byPath.get(p.path)?.push(d);
    }
    for (const f of result.findings) {
      const d = new vscode.Diagnostic(toVsRange(f.range), f.message, SEVERITY[f.severity]);
      d.source = 'pid1';
      d.code = {
        value: f.rule,
        target: vscode.Uri.joinPath(this.docsRoot, `${f.rule}.md`),
      };
      d.relatedInformation = f.related.map(
        (r) =>
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.file(r.path), toVsRange(r.range)),
            r.message,
          ),
      );
      byPath.get(f.path)?.push(d);
      this.findings.set(findingKey(f.path, f.rule, f.range), f);
    }
    this.collection.clear();
    for (const [path, diags] of byPath) this.collection.set(vscode.Uri.file(path), diags);
    this.changed.fire();
  }

  /** The finding behind a diagnostic of ours, if it is still current. */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    const code = diagnostic.code;
    const rule = typeof code === 'object' ? String(code.value) : String(code);
    return this.findings.get(
      findingKey(toCorePath(uri.fsPath), rule, fromVsRange(diagnostic.range)),
    );
  }

  /** The text of a file as the latest analysis read it, to tell whether its findings still
   *  fit the document. */
  analysedText(path: string): string | undefined {
    return this.analysedTexts.get(path);
  }

  /** Every current finding of one file. */
  findingsIn(path: string): Finding[] {
    return [...this.findings.values()].filter((f) => f.path === path);
  }

  plansFor(path: string): LaunchPlan[] {
    return this.plans.filter((p) => p.path === path || p.build?.dockerfilePath === path);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
