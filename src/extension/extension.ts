import * as vscode from 'vscode';
import { Pid1CodeActions, showRuleDocumentation } from './actions';
import { Analyzer } from './analyzer';
import { registerDemo, renderedReports, type RenderedScenario } from './demo';
import { DemoCodeLens, LaunchChainHover } from './hover-lens';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockercompose', scheme: 'file' },
  {
    pattern: '**/{Dockerfile,Containerfile,*.dockerfile,Dockerfile.*,Containerfile.*}',
    scheme: 'file',
  },
  { pattern: '**/{compose,docker-compose}*.{yaml,yml}', scheme: 'file' },
];

/** What the integration tests reach through `extension.exports`. */
export interface Pid1Api {
  /** Resolves when the diagnostics of the latest changes are published. */
  analysed(): Promise<void>;
  /** The demo reports whose webview pages have rendered, as each page read its own columns. */
  renderedDemoReports(): readonly { title: string; scenarios: RenderedScenario[] }[];
}

export async function activate(context: vscode.ExtensionContext): Promise<Pid1Api> {
  const log = vscode.window.createOutputChannel('PID 1 Doctor', { log: true });
  const docsRoot = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const analyzer = new Analyzer(log, docsRoot);
  context.subscriptions.push(
    log,
    analyzer,
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      new Pid1CodeActions(analyzer),
      Pid1CodeActions.metadata,
    ),
    vscode.languages.registerHoverProvider(SELECTOR, new LaunchChainHover(analyzer)),
    vscode.languages.registerCodeLensProvider(SELECTOR, new DemoCodeLens(analyzer)),
    vscode.commands.registerCommand('pid1.showRuleDocumentation', (rule: string) =>
      showRuleDocumentation(docsRoot, rule),
    ),
    vscode.commands.registerCommand('pid1.showLog', () => log.show()),
    vscode.commands.registerCommand('pid1.analyse', () => analyzer.analyseNow()),
  );
  registerDemo(context, analyzer, log);
  log.info(`PID 1 Doctor ${context.extension.packageJSON.version as string} activated.`);
  const started = analyzer.start();
  return {
    async analysed() {
      await started;
      await analyzer.analyseNow();
    },
    renderedDemoReports: () => renderedReports,
  };
}

export function deactivate(): void {}
