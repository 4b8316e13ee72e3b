/** Terminal colour: on for a terminal, off when piped, and the usual variables to override. */
import type { CliOutput } from '../io';

/**
 * FORCE_COLOR (any value but `0` or `false`) turns colour on even when piped; otherwise
 * NO_COLOR (any non-empty value, no-color.org) or TERM=dumb turns it off; otherwise colour
 * follows whether the output is a terminal. FORCE_COLOR wins, as it does for Node itself.
 */
export function colorEnabled(
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return output.isTTY === true;
}

export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  underline(text: string): string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const identity = (text: string) => text;

/** ANSI colours, or plain text when `enabled` is false. */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return {
      red: identity,
      yellow: identity,
      blue: identity,
      green: identity,
      bold: identity,
      dim: identity,
      underline: identity,
    };
  }
  return {
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
    green: sgr(32, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    underline: sgr(4, 24),
  };
}
