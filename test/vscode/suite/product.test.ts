import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { api, pid1Diagnostics, root, ruleOf, SEVERITY, withFixAllOnSave } from './pid1';
import { waitFor } from './wait';

/**
 * The product inside a real VS Code: diagnostics, hover, quick fixes and fix-all on files of
 * examples/. The launcher opens a throwaway copy of examples/ as the workspace, so the tests may
 * change files.
 */
function file(...parts: string[]): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...parts);
}

/**
 * `<path>:<line> <rule> <severity>` lines of an example's expected-findings.txt for one file, or
 * for all its files when `name` is empty.
 */
function expected(example: string, name: string): string[] {
  const text = fs.readFileSync(file(example, 'expected-findings.txt').fsPath, 'utf8');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l.startsWith(name ? `${name}:` : ''))
    .sort();
}

function asLines(name: string, diags: vscode.Diagnostic[]): string[] {
  return diags
    .map((d) => `${name}:${d.range.start.line + 1} ${ruleOf(d)} ${SEVERITY[d.severity]}`)
    .sort();
}

async function diagnosticsMatching(
  uri: vscode.Uri,
  name: string,
  want: string[],
  label = name,
): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitFor(`diagnostics of ${label}`, () => {
      last = asLines(name, pid1Diagnostics(uri));
      return JSON.stringify(last) === JSON.stringify(want) ? last : undefined;
    });
  } catch {
    assert.deepStrictEqual(last, want, `diagnostics of ${label}`);
    return last;
  }
}

/** Code actions come from the main thread's markers, which lag getDiagnostics: poll. */
async function actionsAt(
  uri: vscode.Uri,
  range: vscode.Range,
  want: (a: vscode.CodeAction) => boolean,
) {
  return waitFor(
    'our code actions',
    async () => {
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          range,
        )) ?? [];
      const ours = actions.filter(want);
      return ours.length > 0 ? ours : undefined;
    },
    10_000,
    100,
  );
}

/** Whether every change `edit` makes is to `uri`, inside `range`. */
function editsOnlyWithin(
  edit: vscode.WorkspaceEdit,
  uri: vscode.Uri,
  range: vscode.Range,
): boolean {
  const entries = edit.entries();
  return (
    entries.length > 0 &&
    entries.every(
      ([target, edits]) =>
        target.toString() === uri.toString() && edits.every((e) => range.contains(e.range)),
    )
  );
}

describe('PID 1 Doctor in the editor', function () {
  this.timeout(30_000);

  before(async () => {
    await api();
  });

  // First, before the tests below change files of the copy.
  it('shows, in every example, the findings its expected-findings.txt lists and no others', async () => {
    const lists = await vscode.workspace.findFiles('*/expected-findings.txt');
    assert.ok(lists.length >= 5, `only ${lists.length} examples in the workspace`);
    let compared = 0;
    for (const list of lists) {
      const example = vscode.Uri.joinPath(list, '..');
      const name = example.path.split('/').at(-1)!;
      const files = await vscode.workspace.findFiles(
        new vscode.RelativePattern(
          example,
          '**/{Dockerfile,Containerfile,compose.yaml,compose.yml,docker-compose.yml,docker-compose.yaml}',
        ),
        '**/node_modules/**',
      );
      assert.ok(files.length > 0, `${name} has no Dockerfile or compose file`);
      const listed = new Set(expected(name, '').map((l) => l.slice(0, l.indexOf(':'))));
      for (const uri of files) {
        const relative = uri.path.slice(example.path.length + 1);
        listed.delete(relative);
        await vscode.workspace.openTextDocument(uri);
        await (await api()).analysed();
        await diagnosticsMatching(uri, relative, expected(name, relative), `${name}/${relative}`);
        compared++;
      }
      assert.deepStrictEqual([...listed], [], `${name} lists findings for files it does not have`);
    }
    assert.ok(compared >= 6, `compared only ${compared} files`);
  });

  it('shows the expected diagnostics for a shell-form CMD on Debian', async () => {
    const uri = file('express-shell-form-debian', 'Dockerfile');
    await vscode.window.showTextDocument(uri);
    await (await api()).analysed();
    const want = expected('express-shell-form-debian', 'Dockerfile');
    assert.ok(want.length > 0, 'the example lists findings');
    await diagnosticsMatching(uri, 'Dockerfile', want);

    const shellForm = pid1Diagnostics(uri).find((d) => ruleOf(d) === 'shell-form');
    assert.ok(shellForm);
    assert.match(shellForm.message, /dash/);
    const code = shellForm.code as { target: vscode.Uri };
    assert.match(code.target.path, /docs\/rules\/shell-form\.md$/);
  });

  it('shows the expected diagnostics for a compose file with a string command', async () => {
    const uri = file('compose-string-command', 'compose.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.languageId, 'dockercompose');
    await (await api()).analysed();
    await diagnosticsMatching(
      uri,
      'compose.yaml',
      expected('compose-string-command', 'compose.yaml'),
    );
    const dropped = pid1Diagnostics(uri).find((d) => ruleOf(d) === 'shell-operators-without-shell');
    assert.ok(dropped);
    assert.match(dropped.message, /&&/);
  });

  it('shows the launch chain in a hover over CMD', async () => {
    const uri = file('node-npm-start', 'Dockerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    await (await api()).analysed();
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.startsWith('CMD'));
    assert.ok(line >= 0);
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(line, 1),
      );
      const text = (h ?? [])
        .flatMap((x) => x.contents)
        .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
        .join('\n');
      return /PID 1/.test(text) && /npm/.test(text) ? text : undefined;
    });
    assert.match(hovers, /npm/);
  });

  it('shows the launch chain in a hover over a compose command', async () => {
    const uri = file('compose-string-command', 'compose.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await (await api()).analysed();
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => /^\s+command:/.test(l));
    assert.ok(line >= 0);
    const text = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex + 1),
      );
      const shown = (h ?? [])
        .flatMap((x) => x.contents)
        .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
        .join('\n');
      return /PID 1/.test(shown) ? shown : undefined;
    });
    // Compose splits the string into words with no shell, so npm itself is PID 1.
    assert.match(text, /npm/);
  });

  it('applies the preferred quick fix and the finding goes away', async () => {
    const uri = file('express-shell-form-debian', 'Dockerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    await (await api()).analysed();
    const diag = await waitFor('shell-form', () =>
      pid1Diagnostics(uri).find((d) => ruleOf(d) === 'shell-form'),
    );
    // missing-init has a preferred fix on the same line too (adding an init, which also edits
    // line 1). executeCodeActionProvider does not hand back an action's diagnostics, so this
    // finding's fix is told apart by its edit: it rewrites the CMD line in place.
    const [fix] = await actionsAt(
      uri,
      diag.range,
      (a) =>
        a.isPreferred === true &&
        a.kind?.value === 'quickfix' &&
        a.edit !== undefined &&
        editsOnlyWithin(a.edit, uri, diag.range),
    );
    const applied = await vscode.workspace.applyEdit(fix.edit!);
    assert.ok(applied, `applying "${fix.title}"`);
    await (await api()).analysed();
    await waitFor('shell-form to go away', () =>
      pid1Diagnostics(uri).some((d) => ruleOf(d) === 'shell-form') ? undefined : true,
    );
    assert.match(doc.getText(), /CMD \["node", "server\.js"\]/);
    await doc.save();
  });

  it('offers ignore and documentation actions, and the ignore comment suppresses the finding', async () => {
    const uri = file('express-shell-form-alpine', 'Dockerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    await (await api()).analysed();
    const diag = await waitFor('missing-init', () =>
      pid1Diagnostics(uri).find((d) => ruleOf(d) === 'missing-init'),
    );
    const titles = (await actionsAt(uri, diag.range, (a) => /missing-init/.test(a.title))).map(
      (a) => a.title,
    );
    assert.ok(titles.includes('Ignore missing-init on this line'), titles.join(', '));
    assert.ok(titles.includes('Show missing-init documentation'), titles.join(', '));
    const [ignore] = await actionsAt(
      uri,
      diag.range,
      (a) => a.title === 'Ignore missing-init on this line',
    );
    assert.ok(await vscode.workspace.applyEdit(ignore.edit!));
    assert.match(doc.getText(), /# pid1-ignore missing-init\n/);
    await (await api()).analysed();
    await waitFor('missing-init to be suppressed', () =>
      pid1Diagnostics(uri).some((d) => ruleOf(d) === 'missing-init') ? undefined : true,
    );
    await doc.save();
  });

  it('fixes safe problems on save through source.fixAll.pid1', async () => {
    const dir = file('fix-on-save');
    await vscode.workspace.fs.createDirectory(dir);
    const uri = vscode.Uri.joinPath(dir, 'Dockerfile');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from('FROM node:20\nCMD echo starting && node server.js\n'),
    );
    await withFixAllOnSave(async () => {
      const editor = await vscode.window.showTextDocument(uri);
      await (await api()).analysed();
      await waitFor('shell-form', () =>
        pid1Diagnostics(uri).find((d) => ruleOf(d) === 'shell-form'),
      );
      // Wait until the fix-all action is offered, so the save does not race the analysis.
      await actionsAt(
        uri,
        new vscode.Range(0, 0, 0, 0),
        (a) => a.kind?.value === 'source.fixAll.pid1',
      );
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# app\n'));
      await (await api()).analysed();
      await editor.document.save();
      const text = await waitFor('the saved file to be fixed', async () => {
        const t = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
        return t.includes('exec node server.js') ? t : undefined;
      });
      assert.strictEqual(text, '# app\nFROM node:20\nCMD echo starting && exec node server.js\n');
    });
  });

  it('lets pid1.rules switch a rule off', async () => {
    const uri = file('java-service', 'Dockerfile');
    await vscode.workspace.openTextDocument(uri);
    await (await api()).analysed();
    await waitFor('missing-init on the JVM', () =>
      pid1Diagnostics(uri).find((d) => ruleOf(d) === 'missing-init'),
    );
    const config = vscode.workspace.getConfiguration('pid1');
    await config.update('rules', { 'missing-init': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await (await api()).analysed();
      await waitFor('missing-init to be switched off', () =>
        pid1Diagnostics(uri).some((d) => ruleOf(d) === 'missing-init') ? undefined : true,
      );
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
