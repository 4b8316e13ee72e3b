import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './pid1';
import { waitFor } from './wait';

/**
 * How the launcher set up workspace trust: `trusted` (the default), `untrusted`, or `disabled`
 * (what @vscode/test-electron always does). Only the trust check below depends on it.
 */
const TRUST_ENV = 'PID1_VSCODE_TEST_TRUST';

/**
 * The first file matching `glob` in the workspace, so that the smoke test runs in whichever
 * workspace the launcher opened, as long as it holds a Dockerfile and a compose.yaml.
 */
async function workspaceFile(glob: string): Promise<vscode.Uri> {
  assert.ok(vscode.workspace.workspaceFolders?.length, 'the test run opened no workspace folder');
  const found = await vscode.workspace.findFiles(glob, '**/node_modules/**');
  assert.ok(found.length, `the workspace has no ${glob}`);
  return found.sort((a, b) => a.path.localeCompare(b.path))[0];
}

describe('smoke: the editor the suite runs in', () => {
  it('is VS Code 1.100.x, the version engines.vscode and @types/vscode are pinned to', () => {
    assert.match(vscode.version, /^1\.100\.\d+$/);
  });

  it('opens Dockerfile with the dockerfile language', async () => {
    const document = await vscode.workspace.openTextDocument(await workspaceFile('**/Dockerfile'));

    assert.strictEqual(document.languageId, 'dockerfile');
  });

  it('opens compose.yaml with the dockercompose language', async () => {
    const document = await vscode.workspace.openTextDocument(
      await workspaceFile('**/compose.yaml'),
    );

    assert.strictEqual(document.languageId, 'dockercompose');
  });

  it('has loaded our extension from the development path', () => {
    const ids = vscode.extensions.all.map((extension) => extension.id);

    assert.ok(ids.includes(EXTENSION_ID), `${EXTENSION_ID} is not among ${ids.length} extensions`);
  });

  it('activates our extension once a Dockerfile is open', async () => {
    await vscode.window.showTextDocument(await workspaceFile('**/Dockerfile'));
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);

    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  it('sees the workspace trust the launcher set up', () => {
    const trust = process.env[TRUST_ENV] ?? 'trusted';

    assert.strictEqual(
      vscode.workspace.isTrusted,
      trust !== 'untrusted',
      `launcher trust: ${trust}`,
    );
  });
});
