/**
 * Fix-all: apply fixes, analyse again, repeat until a pass applies nothing. One pass cannot do
 * it all: two fixes of one instruction overlap (only one is picked), and a fix can change what
 * the next analysis finds. Shared by `check --fix` and the editor's `source.fixAll.pid1`, so
 * both end with the same text. Pure: texts in, texts out; the caller analyses and writes.
 */
import { applyFileEdits, EditConflictError, selectFixes, type ChosenFix } from './apply';
import type { Finding, TextEdit } from '../types';

function editsByFile(chosen: readonly ChosenFix[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const { fix } of chosen) {
    for (const edit of fix.edits) byFile.set(edit.path, [...(byFile.get(edit.path) ?? []), edit]);
  }
  return byFile;
}

/** The most passes fix-all makes; each applies the fixes that did not overlap the others. */
export const MAX_FIX_PASSES = 10;

export interface FixAllOptions {
  /** Apply fixes that are not safe too (`--unsafe-fixes`). */
  unsafe: boolean;
  /**
   * Brings in a file that a fix edits but that was not handed in (the Dockerfile a compose
   * file builds). A fix whose file cannot be loaded is left out.
   */
  load?: (path: string) => string | undefined;
  maxPasses?: number;
}

export interface FixAllRun {
  /** Every text handed in or loaded, as the last pass left it. */
  texts: Map<string, string>;
  /** The fixes applied, in order, with the finding each fixed as it was when applied. */
  applied: ChosenFix[];
  passes: number;
}

/**
 * Applies fixes to `texts` (by absolute path) until a pass applies none, or `maxPasses`.
 * `analyse` is handed the current texts and returns the findings of that state.
 */
export function fixAll(
  texts: ReadonlyMap<string, string>,
  analyse: (texts: ReadonlyMap<string, string>) => readonly Finding[],
  options: FixAllOptions,
): FixAllRun {
  const current = new Map(texts);
  const applied: ChosenFix[] = [];
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  let passes = 0;
  while (passes < maxPasses) {
    const selection = selectFixes(analyse(current), options);
    if (selection.chosen.length === 0) break;
    passes++;

    // A fix is applied whole or not at all: when one of its files cannot be loaded or its
    // edits no longer fit, the files it shares with other fixes are edited without it.
    const failed = new Set<string>();
    let chosen = selection.chosen;
    let next = new Map<string, string>();
    for (;;) {
      const before = failed.size;
      chosen = chosen.filter((c) => !c.fix.edits.some((e) => failed.has(e.path)));
      next = new Map();
      for (const [file, edits] of editsByFile(chosen)) {
        let text = current.get(file);
        if (text === undefined) {
          text = options.load?.(file);
          if (text === undefined) {
            failed.add(file);
            continue;
          }
          current.set(file, text);
        }
        try {
          next.set(file, applyFileEdits(text, edits));
        } catch (err) {
          // selectFixes keeps chosen edits apart; a conflict here is a fix whose range no
          // longer fits the text. Leave the file as it is rather than guess.
          if (!(err instanceof EditConflictError)) throw err;
          failed.add(file);
        }
      }
      if (failed.size === before) break;
    }
    applied.push(...chosen);

    let changed = false;
    for (const [file, text] of next) {
      if (current.get(file) !== text) changed = true;
      current.set(file, text);
    }
    // Fixes whose edits change nothing would otherwise come back every pass.
    if (!changed) break;
  }
  return { texts: current, applied, passes };
}
