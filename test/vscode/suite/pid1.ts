import * as assert from 'assert';
import * as vscode from 'vscode';

/**
 * What the suites share about the extension under test: its id, the part of its exports they
 * read, and how its diagnostics are told apart from other extensions'.
 */
export const EXTENSION_ID = 'pid1-doctor.pid1-doctor';

export interface RenderedScenario {
  name: string;
  fields: Record<string, string>;
}

/** The extension's exports (src/extension/extension.ts). */
export interface Pid1Api {
  /** Resolves once the analysis of what is open has been published. */
  analysed(): Promise<void>;
  /** The demo reports the webview rendered, as the page itself reported them. */
  renderedDemoReports(): readonly { title: string; scenarios: RenderedScenario[] }[];
}

/** The extension's exports, activating it if needed. */
export async function api(): Promise<Pid1Api> {
  const ext = vscode.extensions.getExtension<Pid1Api>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function pid1Diagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pid1');
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** vscode.DiagnosticSeverity's values, in order, as the rules name them. */
export const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** The first workspace folder: the throwaway copy of examples/ the launcher opened. */
export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opened no workspace folder');
  return folder.uri;
}

/** Runs `body` with `source.fixAll.pid1` on save for Dockerfiles, and switches it off after. */
export async function withFixAllOnSave(body: () => Promise<void>): Promise<void> {
  const config = vscode.workspace.getConfiguration('editor', { languageId: 'dockerfile' });
  const update = (value: unknown) =>
    config.update('codeActionsOnSave', value, vscode.ConfigurationTarget.Workspace, true);
  await update({ 'source.fixAll.pid1': 'explicit' });
  try {
    await body();
  } finally {
    await update(undefined);
  }
}
