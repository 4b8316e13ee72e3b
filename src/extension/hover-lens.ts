import * as vscode from 'vscode';
import { describeChainMarkdown } from '../core/launch/describe';
import type { LaunchPlan } from '../core';
import { toCorePath } from '../host/disk-reader';
import { toVsRange, type Analyzer } from './analyzer';

/** The ranges of a plan that a hover answers for: ENTRYPOINT/CMD, command:/entrypoint:. */
function hoverRanges(plan: LaunchPlan, path: string): vscode.Range[] {
  const out: vscode.Range[] = [];
  const ins = plan.instructions;
  if (ins && ins.path === path) {
    for (const i of [ins.entrypoint, ins.cmd]) if (i) out.push(toVsRange(i.range));
  }
  const service = plan.compose?.service;
  if (service && plan.path === path) {
    out.push(toVsRange(service.keyRange));
    for (const c of [service.command, service.entrypoint]) if (c) out.push(toVsRange(c.range));
  }
  return out;
}

/** Shows the launch chain, process by process, over the lines that decide it. */
export class LaunchChainHover implements vscode.HoverProvider {
  constructor(private readonly analyzer: Analyzer) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const path = toCorePath(document.uri.fsPath);
    for (const plan of this.analyzer.plansFor(path)) {
      for (const range of hoverRanges(plan, path)) {
        // A range can end at the start of the next line; hover only on the lines themselves.
        const lines = new vscode.Range(
          range.start.line,
          0,
          range.end.line,
          Number.MAX_SAFE_INTEGER,
        );
        if (!lines.contains(position)) continue;
        const md = new vscode.MarkdownString(describeChainMarkdown(plan));
        return new vscode.Hover(md, range);
      }
    }
    return undefined;
  }
}

/** "Demonstrate SIGTERM handling" above ENTRYPOINT/CMD and above each compose service. */
export class DemoCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analyzer: Analyzer) {
    analyzer.onDidAnalyse(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (this.analyzer.settings?.codeLens === false) return [];
    const path = toCorePath(document.uri.fsPath);
    const lenses: vscode.CodeLens[] = [];
    const seen = new Set<number>();
    for (const plan of this.analyzer.plansFor(path)) {
      let range: vscode.Range | undefined;
      let args: unknown[] = [];
      if (plan.kind === 'dockerfile' && plan.path === path) {
        const ins = plan.instructions;
        const instr = ins?.entrypoint ?? ins?.cmd;
        range = instr ? toVsRange(instr.range) : toVsRange(plan.anchor.range);
        args = [{ dockerfile: path }];
      } else if (plan.kind === 'compose-service' && plan.path === path && plan.compose) {
        range = toVsRange(plan.compose.service.keyRange);
        args = [{ compose: path, service: plan.compose.service.name }];
      }
      if (!range || seen.has(range.start.line)) continue;
      seen.add(range.start.line);
      lenses.push(
        new vscode.CodeLens(new vscode.Range(range.start, range.start), {
          title: 'Demonstrate SIGTERM handling',
          command: 'pid1.demo',
          arguments: args,
        }),
      );
    }
    return lenses;
  }
}
