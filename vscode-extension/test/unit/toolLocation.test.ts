import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { findTool, Launch, manifests, runsVersion, SearchPlaces } from '../../src/toolLocation';

let scratch = '';
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tessera-locate-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A new folder under the scratch folder with these files (path → content). */
function folder(name: string, files: Record<string, string> = {}): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const manifest = (command: string, isRoot = true): string =>
  JSON.stringify({ version: 1, isRoot, tools: { 'tessera.tool': { version: '0.1.0', commands: [command], rollForward: false } } });

/** Places with an empty home and PATH unless given, so that nothing of this machine is found. */
function places(folders: string[], over: Partial<SearchPlaces> = {}): SearchPlaces {
  return { folders, env: { PATH: '' }, home: folder('empty-home'), platform: 'linux', ...over };
}

const runs = async (): Promise<boolean> => true;
const fails = async (): Promise<boolean> => false;

test('a local tool manifest listing dotnet-tensor runs it with dotnet tool run from its folder', async () => {
  const workspace = folder('local', { 'dotnet-tools.json': manifest('dotnet-tensor') });
  const probed: Launch[] = [];
  const search = await findTool(places([join(workspace)]), async (launch) => (probed.push(launch), true));
  assert.deepEqual(search, { found: { command: 'dotnet', args: ['tool', 'run', 'dotnet-tensor'], cwd: workspace, source: `the local tool of ${join(workspace, 'dotnet-tools.json')}` } });
  assert.deepEqual(probed, [{ command: 'dotnet', args: ['tool', 'run', 'dotnet-tensor'], cwd: workspace }]);
});

test('manifests are looked for in .config and in parent folders, up to a root manifest', () => {
  const outer = folder('outer', { 'dotnet-tools.json': manifest('dotnet-tensor') });
  const inner = folder('outer/repo', { '.config/dotnet-tools.json': manifest('something-else', false) });
  mkdirSync(join(inner, 'data'));
  assert.deepEqual(manifests([join(inner, 'data')]), [join(outer, 'dotnet-tools.json')]);
  const rooted = folder('outer/rooted', { '.config/dotnet-tools.json': manifest('something-else', true) });
  assert.deepEqual(manifests([rooted]), [], 'a root manifest ends the search');
  const broken = folder('broken', { 'dotnet-tools.json': '{ not json' });
  assert.deepEqual(manifests([broken]), []);
});

test('a manifest whose tool is not restored says to run dotnet tool restore (with the real dotnet)', async () => {
  const workspace = folder('unrestored', { 'dotnet-tools.json': JSON.stringify({ version: 1, isRoot: true, tools: { 'tessera.tool.absent': { version: '9.9.9', commands: ['dotnet-tensor'], rollForward: false } } }) });
  const search = await findTool(places([workspace]), runsVersion);
  assert.ok('problem' in search);
  assert.equal(search.problem, 'unrestored');
  assert.match(search.message, /dotnet-tools\.json lists dotnet-tensor, but it does not run: run "dotnet tool restore" in .*unrestored\./);
  assert.match(search.message, /tessera\.serverPath/);
});

test('the global tool is found in ~/.dotnet/tools, in $DOTNET_CLI_HOME/.dotnet/tools, or on PATH', async () => {
  const home = folder('home', { '.dotnet/tools/dotnet-tensor': '' });
  assert.deepEqual(await findTool(places([folder('plain')], { home }), fails), {
    found: { command: join(home, '.dotnet/tools/dotnet-tensor'), args: [], source: `the global tool ${join(home, '.dotnet/tools/dotnet-tensor')}` },
  });
  const cliHome = folder('cli-home', { '.dotnet/tools/dotnet-tensor': '' });
  const viaCliHome = await findTool(places([folder('plain')], { env: { PATH: '', DOTNET_CLI_HOME: cliHome } }), fails);
  assert.equal('found' in viaCliHome && viaCliHome.found.command, join(cliHome, '.dotnet/tools/dotnet-tensor'));
  const bin = folder('bin', { 'dotnet-tensor.exe': '' });
  const onPath = await findTool(places([folder('plain')], { env: { PATH: bin }, platform: 'win32' }), fails);
  assert.equal('found' in onPath && onPath.found.command, join(bin, 'dotnet-tensor.exe'));
});

test('a build in the workspace runs with dotnet, Release before Debug', async () => {
  const debugOnly = folder('debug-build', { 'src/Tool/bin/Debug/net10.0/dotnet-tensor.dll': '' });
  const dll = join(debugOnly, 'src/Tool/bin/Debug/net10.0/dotnet-tensor.dll');
  assert.deepEqual(await findTool(places([debugOnly]), fails), { found: { command: 'dotnet', args: [dll], source: `the build ${dll}` } });
  const both = folder('both-builds', { 'src/Tool/bin/Debug/net10.0/dotnet-tensor.dll': '', 'src/Tool/bin/Release/net10.0/dotnet-tensor.dll': '' });
  const found = await findTool(places([both]), fails);
  assert.deepEqual('found' in found && found.found.args, [join(both, 'src/Tool/bin/Release/net10.0/dotnet-tensor.dll')]);
});

test('the local tool comes first, then the global tool, then the build', async () => {
  const home = folder('home-all', { '.dotnet/tools/dotnet-tensor': '' });
  const workspace = folder('all', { 'dotnet-tools.json': manifest('dotnet-tensor'), 'src/Tool/bin/Release/net10.0/dotnet-tensor.dll': '' });
  const local = await findTool(places([workspace], { home }), runs);
  assert.deepEqual('found' in local && local.found.args, ['tool', 'run', 'dotnet-tensor']);
  const global = await findTool(places([workspace], { home }), fails);
  assert.equal('found' in global && global.found.command, join(home, '.dotnet/tools/dotnet-tensor'));
});

test('when nothing is found, the message names what to install and tessera.serverPath', async () => {
  const search = await findTool(places([folder('nothing')]), fails);
  assert.ok('problem' in search);
  assert.equal(search.problem, 'missing');
  assert.match(search.message, /^dotnet-tensor, the Tessera tool, was not found/);
  assert.match(search.message, /dotnet tool install --global Tessera\.Tool/);
  assert.match(search.message, /tessera\.serverPath/);
});
