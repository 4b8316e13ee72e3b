import * as fs from 'node:fs';
import type { FileReader } from '../core/types';

/**
 * Largest file read: a build context can hold big files we have no use for, and no Dockerfile,
 * compose file or entrypoint script comes near it. The CLI refuses a bigger file it is named.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Why a file was not read; `message` is in words, for the user. */
export interface ReadRefusal {
  ok: false;
  reason: 'not-regular' | 'too-big' | 'error';
  message: string;
  /** The fs error, for reason 'error'. */
  error?: unknown;
}

export type ReadOutcome = { ok: true; text: string } | ReadRefusal;

function whatIsIt(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(stat: fs.Stats): ReadRefusal {
  return {
    ok: false,
    reason: 'not-regular',
    message: `is ${whatIsIt(stat)}, not a regular file`,
  };
}

function tooBig(bytes: number | undefined, max: number): ReadRefusal {
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  const size = bytes === undefined ? 'more than that' : mib(bytes);
  return {
    ok: false,
    reason: 'too-big',
    message: `is too big to check (${size}; the limit is ${mib(max)})`,
  };
}

const CHUNK = 64 * 1024;

/**
 * Reads a regular file of at most `maxBytes` as UTF-8 (byte order mark kept). Never blocks on a
 * named pipe or a device and never reads more than `maxBytes + 1` bytes, even from a file that
 * grows or one swapped for a pipe between the checks: the file is opened non-blocking and
 * checked again through its descriptor, then read in chunks up to the limit. Never throws.
 */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): ReadOutcome {
  let fd: number | undefined;
  try {
    // stat first, so a device is not even opened (opening some has side effects).
    const before = fs.statSync(path);
    if (!before.isFile()) return notRegular(before);
    if (before.size > maxBytes) return tooBig(before.size, maxBytes);
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return notRegular(stat);
    if (stat.size > maxBytes) return tooBig(stat.size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return tooBig(undefined, maxBytes);
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EISDIR') return { ok: false, reason: 'not-regular', message: 'is a folder' };
    return { ok: false, reason: 'error', message: String(error), error };
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing was written; a failed close loses nothing.
      }
    }
  }
}

/**
 * Reads files from disk for the core, with an overlay of texts that are newer than the disk
 * (documents open in the editor). Never throws and never blocks: a missing or unreadable file,
 * a pipe, a device or a file over MAX_FILE_BYTES is undefined.
 */
export function diskReader(overlay?: (path: string) => string | undefined): FileReader {
  return {
    readFile(path: string): string | undefined {
      const open = overlay?.(path);
      if (open !== undefined) return open;
      const read = readRegularFile(path);
      if (!read.ok) return undefined;
      return read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
    },
  };
}

/** Absolute path with forward slashes, the form the core uses for every path. */
export function toCorePath(path: string): string {
  return path.replace(/\\/g, '/');
}
