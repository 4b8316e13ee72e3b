/**
 * Text from the user's files (commands, paths, fix titles) reaches the terminal in the text
 * reports. A control character in it could move the cursor, retitle the window or hide the
 * rest of the line, so every one is shown escaped instead: ESC as `\x1b`, U+202E as `\u202e`.
 * JSON and SARIF keep the text exact; JSON.stringify escapes control characters itself.
 */

/** C0 controls (tab aside), DEL, C1 controls, and the bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each control character written as an escape sequence; one line stays one line. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
