import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileKindOf } from '../core';
import { parseDuration } from '../core/launch/build';
import {
  ContainerDriver,
  DemoError,
  renderHtml,
  renderMarkdown,
  renderText,
  runDemo,
  sweep,
  type DemoOptions,
  type DemoReport,
} from '../demo';
import { fixedDockerfile } from '../demo/fixes';
import { diskReader, toCorePath } from '../host/disk-reader';
import type { Analyzer } from './analyzer';
import { readSettings, type Settings } from './settings';

/** What a code lens or a caller hands to the demo command. */
export interface DemoTarget {
  dockerfile?: string;
  compose?: string;
  service?: string;
  image?: string;
}

function errorMessage(err: unknown): { message: string; detail: string } {
  if (err instanceof DemoError) return { message: err.message, detail: err.detail };
  return { message: (err as Error).message ?? String(err), detail: '' };
}

async function pickTarget(
  settings: Settings,
  log: vscode.LogOutputChannel,
): Promise<DemoTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  const activePath =
    editor?.document.uri.scheme === 'file' ? editor.document.uri.fsPath : undefined;
  const items: (vscode.QuickPickItem & { target?: DemoTarget; typed?: boolean })[] = [];
  if (activePath && fileKindOf(activePath) === 'dockerfile') {
    items.push({
      label: `$(file) Build ${path.basename(activePath)}`,
      description: vscode.workspace.asRelativePath(activePath),
      target: { dockerfile: activePath },
    });
  }
  items.push({ label: '$(edit) Type an image name…', typed: true });
  try {
    const driver = new ContainerDriver({
      cli: settings.demo.cli,
      path: settings.demo.cliPath || undefined,
    });
    const result = await driver.call(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
      timeoutMs: 15_000,
    });
    for (const line of result.stdout.split('\n')) {
      const name = line.trim();
      if (name && !name.includes('<none>'))
        items.push({ label: `$(package) ${name}`, target: { image: name } });
    }
  } catch (err) {
    log.warn(`Could not list local images: ${errorMessage(err).message}`);
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Demonstrate SIGTERM handling',
    placeHolder: 'Which image should be stopped the way an orchestrator stops it?',
  });
  if (!picked) return undefined;
  if (picked.typed) {
    const image = await vscode.window.showInputBox({
      title: 'Image to demonstrate',
      prompt: 'An image reference, such as my-app:latest',
      validateInput: (v) => (v.trim() ? undefined : 'Type an image reference.'),
    });
    return image ? { image: image.trim() } : undefined;
  }
  return picked.target;
}

/** Builds the demo's options from the target, the settings, and a compose service if any. */
function optionsFor(
  target: DemoTarget,
  settings: Settings,
  analyzer: Analyzer,
): { options: DemoOptions; title: string } | string {
  const base: DemoOptions = {
    cli: settings.demo.cli,
    cliPath: settings.demo.cliPath || undefined,
    grace: settings.demo.grace,
    network: settings.demo.network === '' ? null : settings.demo.network,
    runArgs: settings.demo.extraRunArgs,
    readyPattern: settings.demo.readyPattern || undefined,
    readyDelaySeconds: settings.demo.readyDelay,
  };
  if (target.image) return { options: { ...base, image: target.image }, title: target.image };
  if (target.dockerfile) {
    const file = toCorePath(target.dockerfile);
    const text = diskReader(openText).readFile(file);
    if (text === undefined) return `Could not read ${target.dockerfile}.`;
    const fixed = fixedDockerfile(file, text, diskReader(openText), analyzer.findingsIn(file));
    return {
      options: {
        ...base,
        dockerfile: target.dockerfile,
        fixedDockerfileText: fixed?.text,
        fixTitles: fixed?.fixes,
      },
      title: vscode.workspace.asRelativePath(target.dockerfile),
    };
  }
  if (target.compose && target.service) {
    const plan = analyzer
      .plansFor(toCorePath(target.compose))
      .find((p) => p.compose?.service.name === target.service);
    const service = plan?.compose?.service;
    if (!service) return `Service ${target.service} was not found in ${target.compose}.`;
    const words = (c: typeof service.command) =>
      c === undefined
        ? undefined
        : c.kind === 'list'
          ? c.args.map((a) => a.value)
          : c.value.split(/\s+/);
    const grace = service.stopGracePeriod
      ? parseDuration(service.stopGracePeriod.value)
      : undefined;
    const options: DemoOptions = {
      ...base,
      grace: grace ?? base.grace,
      init: service.init?.value === true,
      command: words(service.command),
      entrypoint: words(service.entrypoint),
      stopSignal: service.stopSignal?.value,
    };
    if (service.build && !service.build.remote) {
      options.dockerfile = service.build.dockerfile;
      options.context = service.build.context;
      const file = toCorePath(service.build.dockerfile);
      const text = diskReader(openText).readFile(file);
      const fixed =
        text === undefined
          ? undefined
          : fixedDockerfile(file, text, diskReader(openText), analyzer.findingsIn(file));
      options.fixedDockerfileText = fixed?.text;
      options.fixTitles = fixed?.fixes;
    } else if (service.image) {
      options.image = service.image.value;
    } else {
      return `Service ${service.name} has neither an image nor a local build to run.`;
    }
    return { options, title: `service ${service.name}` };
  }
  return 'Nothing to demonstrate: open a Dockerfile or pick an image.';
}

function openText(p: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => toCorePath(d.uri.fsPath) === p)?.getText();
}

/** Shows the report in a webview with a strict content security policy. */
export function showReport(report: DemoReport, title: string): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    'pid1.demoReport',
    `SIGTERM demo: ${title}`,
    vscode.ViewColumn.Beside,
    { enableScripts: true, localResourceRoots: [] },
  );
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = renderHtml(report, { cspSource: panel.webview.cspSource, nonce });
  panel.webview.onDidReceiveMessage(async (msg: { type?: string; scenarios?: unknown }) => {
    if (msg?.type === 'rendered' && Array.isArray(msg.scenarios)) {
      renderedReports.push({ title: panel.title, scenarios: msg.scenarios as RenderedScenario[] });
    }
    if (msg?.type === 'copyMarkdown') {
      await vscode.env.clipboard.writeText(renderMarkdown(report));
      void vscode.window.showInformationMessage('The demo report was copied as Markdown.');
    }
  });
  return panel;
}

/** One scenario column as the report's webview page rendered it: its name and its rows. */
export interface RenderedScenario {
  name: string;
  fields: Record<string, string>;
}

/** What each report webview said it shows once its page rendered, for the integration tests. */
export const renderedReports: { title: string; scenarios: RenderedScenario[] }[] = [];

/** The last report shown, for tests and for "copy again". */
export let lastReport: DemoReport | undefined;

export function registerDemo(
  context: vscode.ExtensionContext,
  analyzer: Analyzer,
  log: vscode.LogOutputChannel,
): void {
  let swept = false;
  const command = vscode.commands.registerCommand(
    'pid1.demo',
    async (target?: DemoTarget): Promise<DemoReport | undefined> => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(
          'The SIGTERM demo builds and runs containers, so it runs only in a trusted workspace. Trust this folder to use it.',
        );
        return undefined;
      }
      const folder = vscode.workspace.workspaceFolders?.[0];
      const settings = await readSettings(folder);
      const chosen = target ?? (await pickTarget(settings, log));
      if (!chosen) return undefined;
      const resolved = optionsFor(chosen, settings, analyzer);
      if (typeof resolved === 'string') {
        void vscode.window.showErrorMessage(resolved);
        return undefined;
      }
      const { options, title } = resolved;
      options.cwd = folder?.uri.fsPath;
      log.info(
        `Demo of ${title}: ${JSON.stringify({ ...options, fixedDockerfileText: options.fixedDockerfileText ? '(in memory)' : undefined })}`,
      );
      try {
        const report = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: `SIGTERM demo of ${title}`,
            cancellable: true,
          },
          async (progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            if (!swept) {
              // Leftovers of a crashed earlier run carry our label; remove them once.
              swept = true;
              const driver = new ContainerDriver({ cli: options.cli, path: options.cliPath });
              await sweep(driver, { signal: abort.signal })
                .then((r) => {
                  if (r.containers.length + r.images.length > 0) {
                    log.info(
                      `Removed ${r.containers.length} containers and ${r.images.length} images left by an earlier demo.`,
                    );
                  }
                })
                .catch((err: unknown) =>
                  log.debug(`Start-up sweep skipped: ${errorMessage(err).message}`),
                );
            }
            return runDemo(options, {
              signal: abort.signal,
              // Build output and the containers' own lines, as they come.
              onLog: (line) => log.info(line),
              onProgress: (message) => progress.report({ message }),
            });
          },
        );
        lastReport = report;
        log.info(`Demo report\n${renderText(report)}`);
        showReport(report, title);
        return report;
      } catch (err) {
        const { message, detail } = errorMessage(err);
        if (
          (err as Error)?.name === 'AbortError' ||
          (err instanceof DemoError && err.kind === 'cancelled')
        ) {
          log.info('Demo cancelled; its containers were removed.');
          void vscode.window.showInformationMessage('The SIGTERM demo was cancelled.');
          return undefined;
        }
        log.error(`Demo failed: ${message}${detail ? `\n${detail}` : ''}`);
        const choice = await vscode.window.showErrorMessage(`SIGTERM demo: ${message}`, 'Open Log');
        if (choice === 'Open Log') log.show();
        return undefined;
      }
    },
  );
  context.subscriptions.push(command);
}
