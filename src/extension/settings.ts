import * as vscode from 'vscode';
import { parseConfig, RULE_IDS, type Config, type RuleId, type RuleSetting } from '../core';

/** Everything the extension reads from settings, read in one place, per resource. */
export interface Settings {
  enable: boolean;
  /** `.pid1-doctor.json` of the folder, with `pid1.rules` merged over it. */
  config: Config;
  /** Problems with `.pid1-doctor.json` or the setting, to show in the log. */
  configErrors: string[];
  debounceMs: number;
  codeLens: boolean;
  demo: {
    cli: 'docker' | 'podman';
    cliPath: string;
    network: string;
    grace: number;
    readyPattern: string;
    readyDelay: number;
    extraRunArgs: string[];
  };
}

const SETTINGS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

/** Far more than any real configuration: every rule id with a setting fits in 1 KiB. */
const CONFIG_MAX_BYTES = 64 * 1024;

export async function readSettings(folder: vscode.WorkspaceFolder | undefined): Promise<Settings> {
  const cfg = vscode.workspace.getConfiguration('pid1', folder?.uri);
  const errors: string[] = [];
  const config: Config = { rules: {} };
  if (folder) {
    const uri = vscode.Uri.joinPath(folder.uri, '.pid1-doctor.json');
    try {
      // A named pipe or device in its place would block the read, and every analysis after it.
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0) throw new Error('not a regular file');
      if (stat.size > CONFIG_MAX_BYTES) throw new Error(`too big (${stat.size} bytes)`);
      const bytes = await vscode.workspace.fs.readFile(uri);
      const parsed = parseConfig(new TextDecoder().decode(bytes));
      config.rules = parsed.config.rules;
      errors.push(...parsed.errors.map((e) => `${uri.fsPath}: ${e}`));
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) {
        errors.push(`${uri.fsPath}: ${(err as Error).message}`);
      }
    }
  }
  const rules = cfg.get<Record<string, string>>('rules') ?? {};
  for (const [id, value] of Object.entries(rules)) {
    if (!(RULE_IDS as readonly string[]).includes(id)) {
      errors.push(`pid1.rules: unknown rule "${id}"`);
    } else if (!SETTINGS.includes(value as RuleSetting)) {
      errors.push(`pid1.rules: "${value}" for ${id} is not one of ${SETTINGS.join(', ')}`);
    } else {
      config.rules[id as RuleId] = value as RuleSetting;
    }
  }
  return {
    enable: cfg.get<boolean>('enable', true),
    config,
    configErrors: errors,
    debounceMs: cfg.get<number>('debounceMs', 300),
    codeLens: cfg.get<boolean>('codeLens.enable', true),
    demo: {
      cli: cfg.get<'docker' | 'podman'>('demo.cli', 'docker'),
      cliPath: cfg.get<string>('demo.cliPath', ''),
      network: cfg.get<string>('demo.network', 'none'),
      grace: cfg.get<number>('demo.grace', 10),
      readyPattern: cfg.get<string>('demo.readyPattern', ''),
      readyDelay: cfg.get<number>('demo.readyDelay', 2),
      extraRunArgs: cfg.get<string[]>('demo.extraRunArgs', []),
    },
  };
}
