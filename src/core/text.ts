/**
 * Position helpers shared by the parsers. Every parser works on offsets into the text it was
 * handed and converts to line/character positions only at the edge, so they all agree on what a
 * line is: `\n`, `\r\n` and a lone `\r` each end one, as in VS Code.
 */
import type { Position, Range } from './types';

/** Converts between offsets and 0-based line/UTF-16 character positions of one text. */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[] = [0];
  /** Offset just after the last character of each line's content (its terminator excluded). */
  private readonly ends: number[] = [];
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) {
        continue;
      }
      this.ends.push(i);
      if (ch === 13 && text.charCodeAt(i + 1) === 10) {
        i++;
      }
      this.starts.push(i + 1);
    }
    this.ends.push(text.length);
  }

  /** How many lines the text has; an empty text, or one ending in a terminator, counts its
   *  last (empty) line too. */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of an offset. Offsets outside the text are clamped to it; an offset inside a
   *  line terminator maps to the end of that line's content. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(Math.floor(offset), this.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    const character = Math.min(clamped, this.ends[low]) - this.starts[low];
    return { line: low, character };
  }

  /** The offset of a position. A line past the end gives the text's length; a character past
   *  the end of its line gives the end of that line's content. */
  offsetAt(position: Position): number {
    if (position.line < 0) {
      return 0;
    }
    if (position.line >= this.starts.length) {
      return this.length;
    }
    const start = this.starts[position.line];
    const end = this.ends[position.line];
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }
}

/** The range of the half-open span `[start, end)` of the indexed text. */
export function rangeOf(index: LineIndex, start: number, end: number): Range {
  return { start: index.positionAt(start), end: index.positionAt(end) };
}

/** The lines of a text without their terminators (`\n`, `\r\n` or a lone `\r`). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The line terminator the text mostly uses; `\n` when it has none or as many of each. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
