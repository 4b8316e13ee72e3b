import * as vscode from 'vscode';
import { analyze, fileKindOf, type Finding, type Fix, type TextEdit } from '../core';
import { fixAll } from '../core/fixes/fix-all';
import { diskReader, toCorePath } from '../host/disk-reader';
import { toVsRange, type Analyzer } from './analyzer';

/** `source.fixAll.pid1`: the safe fixes only, so it can run on save. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('pid1');

function workspaceEdit(edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(vscode.Uri.file(e.path), toVsRange(e.range), e.newText);
  return edit;
}

/**
 * Quick fixes for each finding, "Ignore <rule> on this line", "Show <rule> documentation", and
 * fix-all. The fixes themselves come from the core, exactly as the CLI applies them.
 */
export class Pid1CodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly analyzer: Analyzer) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const only = context.only;
    if (!only || only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only)) {
      const fixAll = this.fixAll(document);
      if (fixAll) actions.push(fixAll);
    }
    if (only && !only.contains(vscode.CodeActionKind.QuickFix)) return actions;
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'pid1') continue;
      const finding = this.analyzer.findingFor(document.uri, diagnostic);
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(this.quickFix(fix, finding, diagnostic));
      actions.push(this.ignoreAction(document, finding, diagnostic));
      actions.push(this.docsAction(finding, diagnostic));
    }
    return actions;
  }

  private quickFix(fix: Fix, _finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = workspaceEdit(fix.edits);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.preferred === true;
    return action;
  }

  private ignoreAction(
    document: vscode.TextDocument,
    finding: Finding,
    diagnostic: vscode.Diagnostic,
  ): vscode.CodeAction {
    const action = new vscode.CodeAction(
      `Ignore ${finding.rule} on this line`,
      vscode.CodeActionKind.QuickFix,
    );
    const line = document.lineAt(finding.range.start.line);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, line.range.start, `${indent}# pid1-ignore ${finding.rule}${eol}`);
    action.edit = edit;
    action.diagnostics = [diagnostic];
    return action;
  }

  private docsAction(finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(
      `Show ${finding.rule} documentation`,
      vscode.CodeActionKind.QuickFix,
    );
    action.command = {
      command: 'pid1.showRuleDocumentation',
      title: action.title,
      arguments: [finding.rule],
    };
    action.diagnostics = [diagnostic];
    return action;
  }

  /**
   * One action with every safe fix of the document, as `check --fix` applies them: the core's
   * fixAll, pass after pass until nothing more applies. Only fixes that edit this document
   * alone are taken, so saving one file never half-edits another.
   */
  private fixAll(document: vscode.TextDocument): vscode.CodeAction | undefined {
    const path = toCorePath(document.uri.fsPath);
    const kind =
      fileKindOf(path) ?? (document.languageId === 'dockercompose' ? 'compose' : 'dockerfile');
    const config = this.analyzer.settings?.config;
    const own = (findings: readonly Finding[]) =>
      findings
        .filter((f) => f.path === path)
        .map((f) => ({
          ...f,
          fixes: f.fixes.filter((x) => x.edits.every((e) => e.path === path)),
        }));
    const text = document.getText();
    let firstPass = true;
    const run = fixAll(
      new Map([[path, text]]),
      (texts) => {
        // The first pass is what the user sees, when the latest analysis read this very text;
        // after an edit it has not caught up with (a save right after typing), and on later
        // passes, the text at hand is analysed, so no edit lands on a stale range.
        if (firstPass) {
          firstPass = false;
          if (this.analyzer.analysedText(path) === text) {
            return own(this.analyzer.findingsIn(path));
          }
        }
        const current = texts.get(path) ?? text;
        const reader = diskReader((p) => texts.get(p));
        return own(analyze({ files: [{ path, text: current, kind }], reader, config }).findings);
      },
      { unsafe: false },
    );
    const fixed = run.texts.get(path) ?? text;
    if (run.applied.length === 0 || fixed === text) return undefined;
    const action = new vscode.CodeAction(
      'Fix all PID 1 problems that have a safe fix',
      FIX_ALL_KIND,
    );
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(0), document.positionAt(text.length)),
      fixed,
    );
    action.edit = edit;
    return action;
  }
}

export async function showRuleDocumentation(docsRoot: vscode.Uri, rule: string): Promise<void> {
  const uri = vscode.Uri.joinPath(docsRoot, `${rule}.md`);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri);
  }
}
