/**
 * Applying fixes to text: the one place that turns TextEdits into new file contents, shared by
 * `check --fix` and anything else that writes fixes without an editor. Pure: text in, text out.
 *
 * Positions are 0-based lines and UTF-16 characters, as everywhere in the core. Edits are
 * applied back to front against the original text, so no edit has to know about the others.
 */
import { detectEol, LineIndex } from '../text';
import type { Finding, Fix, Range, TextEdit } from '../types';

/**
 * Thrown by {@link applyEdits} when edits cannot be applied together: two of them touch the
 * same characters, or one range ends before it starts. The text is then left as it was, since
 * applying half of a fix could leave a file that neither the user nor the fix meant.
 */
export class EditConflictError extends Error {
  constructor(
    message: string,
    /** The edits at fault: the two that overlap, or the one with a reversed range. */
    readonly edits: readonly TextEdit[],
  ) {
    super(message);
    this.name = 'EditConflictError';
  }
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
  /** Position in the caller's list: insertions at one point keep the caller's order. */
  order: number;
  edit: TextEdit;
}

function comparePositions(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

function describeRange(range: Range): string {
  const { start, end } = range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/**
 * Resolves edits to offsets and sorts them front to back. Positions outside the text are
 * clamped to it (a line past the end means the end of the text, a character past the end of a
 * line means the end of that line), the way editors treat them.
 *
 * @throws EditConflictError for a reversed range or overlapping edits.
 */
function resolve(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const index = new LineIndex(text);
  const resolved = edits.map((edit, order): OffsetEdit => {
    if (comparePositions(edit.range.start, edit.range.end) > 0) {
      throw new EditConflictError(
        `The edit at ${describeRange(edit.range)} ends before it starts.`,
        [edit],
      );
    }
    const start = index.offsetAt(edit.range.start);
    const end = Math.max(start, index.offsetAt(edit.range.end));
    return { start, end, newText: edit.newText, order, edit };
  });

  // Insertions at the same point as a replacement go first, so `a` inserted at 3 and 3..5
  // replaced by `b` reads `ab`: the only order that does not depend on which came first.
  resolved.sort(
    (a, b) => a.start - b.start || a.end - a.start - (b.end - b.start) || a.order - b.order,
  );
  for (let i = 1; i < resolved.length; i++) {
    const previous = resolved[i - 1];
    const current = resolved[i];
    // Sorted by start, so this catches shared characters and an insertion inside a
    // replacement alike; an edit may still begin exactly where the previous one ends.
    if (previous.end > current.start) {
      throw new EditConflictError(
        `The edits at ${describeRange(previous.edit.range)} and ` +
          `${describeRange(current.edit.range)} overlap.`,
        [previous.edit, current.edit],
      );
    }
  }
  return resolved;
}

/**
 * Applies edits to one text and returns the new text. The edits' `path` is not looked at: the
 * caller hands in the edits of one file. Edits that only touch (one ends where the next starts)
 * are fine; several insertions at one point are applied in the order given.
 *
 * @throws EditConflictError when two edits overlap or a range is reversed; nothing is applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = resolve(text, edits);
  let out = text;
  for (let i = resolved.length - 1; i >= 0; i--) {
    const { start, end, newText } = resolved[i];
    out = out.slice(0, start) + newText + out.slice(end);
  }
  return out;
}

/** Whether the edits can be applied together to the text (see {@link applyEdits}). */
export function editsConflict(text: string, edits: readonly TextEdit[]): boolean {
  try {
    resolve(text, edits);
    return false;
  } catch (err) {
    if (err instanceof EditConflictError) return true;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Line endings

/** Whether the text ends with a line terminator (`\n`, `\r\n` or a lone `\r`). */
export function hasFinalNewline(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r');
}

/** Rewrites every line terminator in `text` to `eol`. */
export function withEol(text: string, eol: '\n' | '\r\n'): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/**
 * Applies edits the way a careful editor would: inserted text uses the file's own line
 * terminator (a CRLF file stays CRLF), and the file keeps ending with a newline, or without
 * one, as it did before. Fixes are written with `\n`; the file decides what it becomes.
 *
 * @throws EditConflictError as {@link applyEdits} does.
 */
export function applyFileEdits(text: string, edits: readonly TextEdit[]): string {
  const eol = detectEol(text);
  const adapted = edits.map((e) => ({ ...e, newText: withEol(e.newText, eol) }));
  const out = applyEdits(text, adapted);
  if (out.length === 0 || text.length === 0) return out;

  const hadFinal = hasFinalNewline(text);
  if (hadFinal && !hasFinalNewline(out)) return out + eol;
  if (!hadFinal && hasFinalNewline(out)) return out.replace(/(?:\r\n|\r|\n)$/, '');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Choosing fixes

/** A fix picked for a finding. */
export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

/** A finding whose fix was not picked, and why. */
export interface SkippedFix {
  finding: Finding;
  fix: Fix;
  reason: 'overlaps' | 'invalid';
}

export interface FixSelection {
  /** The edits to apply, by file path; within a file they never overlap. */
  edits: Map<string, TextEdit[]>;
  chosen: ChosenFix[];
  /** Fixes left out because they touch text another chosen fix changes (they may apply on a
   *  next pass, after the findings are computed again), or because their own edits overlap. */
  skipped: SkippedFix[];
}

/**
 * The fix to apply for a finding: its preferred fix among those allowed, else the first allowed
 * one. Without `unsafe` only safe fixes are allowed (DESIGN.md: safe fixes keep the program, its
 * arguments and environment, and change only the process tree).
 */
export function fixToApply(finding: Finding, options: { unsafe: boolean }): Fix | undefined {
  const allowed = finding.fixes.filter((f) => (options.unsafe || f.safe) && f.edits.length > 0);
  return allowed.find((f) => f.preferred) ?? allowed[0];
}

function overlaps(a: Range, b: Range): boolean {
  // Two insertions at one point conflict too: which goes first would be a guess.
  const aEmpty = comparePositions(a.start, a.end) === 0;
  const bEmpty = comparePositions(b.start, b.end) === 0;
  if (aEmpty && bEmpty) return comparePositions(a.start, b.start) === 0;
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

function rangesOverlapAcross(edits: readonly TextEdit[], taken: readonly TextEdit[]): boolean {
  return edits.some((e) => taken.some((t) => t.path === e.path && overlaps(e.range, t.range)));
}

/**
 * Picks one fix per finding (see {@link fixToApply}), in the order the findings come, and groups
 * their edits by file. A fix whose edits overlap those of a fix already picked is skipped rather
 * than merged: after the picked fixes are applied and the files analysed again, the skipped
 * finding either is gone or comes back with edits that fit the new text.
 */
export function selectFixes(
  findings: readonly Finding[],
  options: { unsafe: boolean },
): FixSelection {
  const edits = new Map<string, TextEdit[]>();
  const chosen: ChosenFix[] = [];
  const skipped: SkippedFix[] = [];
  const taken: TextEdit[] = [];

  for (const finding of findings) {
    const fix = fixToApply(finding, options);
    if (!fix) continue;
    const internal = fix.edits.some((e, i) =>
      fix.edits.some((o, j) => j > i && o.path === e.path && overlaps(e.range, o.range)),
    );
    if (internal || fix.edits.some((e) => comparePositions(e.range.start, e.range.end) > 0)) {
      skipped.push({ finding, fix, reason: 'invalid' });
      continue;
    }
    if (rangesOverlapAcross(fix.edits, taken)) {
      skipped.push({ finding, fix, reason: 'overlaps' });
      continue;
    }
    chosen.push({ finding, fix });
    for (const edit of fix.edits) {
      taken.push(edit);
      const list = edits.get(edit.path);
      if (list) list.push(edit);
      else edits.set(edit.path, [edit]);
    }
  }
  return { edits, chosen, skipped };
}
