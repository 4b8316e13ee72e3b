/**
 * `.pid1-doctor.json`: the project's rule settings, shared with the editor. The CLI finds it by
 * walking up from each PATH to the nearest folder that has one, stopping at the git root (a
 * config above the repository belongs to some other project) or the filesystem root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, type Config } from '../core';
import { FileError } from './errors';
import { readText, relativePath } from './files';

export const CONFIG_FILE_NAME = '.pid1-doctor.json';

/** A configuration file and what it says. */
export interface LoadedConfig {
  /** Absolute path of the file; undefined when none was found (every rule at its default). */
  path?: string;
  config: Config;
}

/** Finds and reads configuration files, each folder and file once per run. */
export class ConfigLocator {
  private readonly byFolder = new Map<string, string | undefined>();
  private readonly byFile = new Map<string, LoadedConfig>();

  constructor(private readonly cwd: string) {}

  /** The path of the configuration that applies to `start` (a file or folder), if any. */
  locate(start: string): string | undefined {
    let folder = start;
    try {
      if (!fs.statSync(start).isDirectory()) folder = path.dirname(start);
    } catch {
      folder = path.dirname(start);
    }
    const walked: string[] = [];
    let found: string | undefined;
    for (let current = folder; ; current = path.dirname(current)) {
      if (this.byFolder.has(current)) {
        found = this.byFolder.get(current);
        break;
      }
      walked.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (fs.existsSync(candidate)) {
        found = candidate;
        break;
      }
      if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
    }
    for (const f of walked) this.byFolder.set(f, found);
    return found;
  }

  /**
   * The configuration for `start`.
   *
   * @throws FileError when the file cannot be read or is not a valid configuration, with
   * every reason found.
   */
  load(start: string): LoadedConfig {
    const file = this.locate(start);
    if (!file) return { config: { rules: {} } };
    const cached = this.byFile.get(file);
    if (cached) return cached;
    const { text } = readText(file, this.cwd);
    const { config, errors } = parseConfig(text);
    if (errors.length > 0) {
      throw new FileError(relativePath(this.cwd, file), errors.join('; '));
    }
    const loaded = { path: file, config };
    this.byFile.set(file, loaded);
    return loaded;
  }
}
