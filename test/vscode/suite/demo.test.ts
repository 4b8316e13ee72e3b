import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, type Pid1Api } from './pid1';
import { waitFor } from './wait';

/**
 * The SIGTERM demo from the editor, on a real Docker engine. The launcher passes the engine
 * (DOCKER_HOST) and a locally built test image (PID1_DEMO_IMAGE) in the server's environment.
 */
function activeApi(): Pid1Api {
  const extension = vscode.extensions.getExtension<Pid1Api>(EXTENSION_ID);
  assert.ok(extension?.isActive, `${EXTENSION_ID} is not active`);
  return extension.exports;
}

interface ScenarioReport {
  name: string;
  exitCode: number;
  killed: boolean;
  stopSeconds: number | null;
  pid1: string;
}

describe('the SIGTERM demo in the editor', function () {
  this.timeout(120_000);
  const image = process.env.PID1_DEMO_IMAGE;

  before(function () {
    if (!image) {
      // On CI the Docker engine is always there; elsewhere say plainly what did not run.
      if (process.env.CI === 'true') throw new Error('PID1_DEMO_IMAGE is not set on CI');
      this.skip();
    }
  });

  it('runs the image as written and under an init, and shows the report in a webview', async () => {
    const config = vscode.workspace.getConfiguration('pid1');
    await config.update('demo.grace', 3, vscode.ConfigurationTarget.Workspace);
    await config.update('demo.readyPattern', 'ready', vscode.ConfigurationTarget.Workspace);
    try {
      const report = await vscode.commands.executeCommand<{ scenarios: ScenarioReport[] }>(
        'pid1.demo',
        { image },
      );
      assert.ok(report, 'the demo returned no report (see the PID 1 Doctor log)');
      const byName = new Map(report.scenarios.map((s) => [s.name, s]));
      const asWritten = byName.get('as-written');
      const underInit = byName.get('under-init');
      assert.ok(asWritten && underInit, JSON.stringify(report.scenarios.map((s) => s.name)));
      // The test image runs node without a SIGTERM handler as PID 1 (measured: SIGKILL, 137).
      assert.strictEqual(asWritten.exitCode, 137);
      assert.strictEqual(asWritten.killed, true);
      assert.strictEqual(underInit.exitCode, 143);
      assert.ok((underInit.stopSeconds ?? 99) < 1.5, `under-init took ${underInit.stopSeconds} s`);
      const tab = await waitFor('the report webview', () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && /SIGTERM demo/.test(t.label)),
      );
      // The page itself, rendered in the webview, reports the columns it shows.
      const shown = await waitFor('the report page to render', () =>
        activeApi()
          .renderedDemoReports()
          .find((r) => r.title === tab.label),
      );
      const column = (name: string) => {
        const found = shown.scenarios.find((s) => s.name === name);
        assert.ok(found, `the page shows ${shown.scenarios.map((s) => s.name).join(', ')}`);
        return found.fields;
      };
      assert.strictEqual(column('as-written')['exit code'], '137');
      assert.strictEqual(column('as-written')['SIGKILL needed'], 'yes');
      assert.strictEqual(column('under-init')['exit code'], '143');
      assert.strictEqual(column('under-init')['SIGKILL needed'], 'no');
    } finally {
      await config.update('demo.grace', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('demo.readyPattern', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
