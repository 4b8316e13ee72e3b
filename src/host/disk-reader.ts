import * as fs from 'node:fs';
import type { FileReader } from '../core/types';

/** Largest file the core is handed; a build context can hold big files we have no use for. */
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * Reads files from disk for the core, with an overlay of texts that are newer than the disk
 * (documents open in the editor). Never throws: a missing or unreadable file is undefined.
 */
export function diskReader(overlay?: (path: string) => string | undefined): FileReader {
  return {
    readFile(path: string): string | undefined {
      const open = overlay?.(path);
      if (open !== undefined) return open;
      try {
        const stat = fs.statSync(path);
        if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
        const text = fs.readFileSync(path, 'utf8');
        return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      } catch {
        return undefined;
      }
    },
  };
}

/** Absolute path with forward slashes, the form the core uses for every path. */
export function toCorePath(path: string): string {
  return path.replace(/\\/g, '/');
}
