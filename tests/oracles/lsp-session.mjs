// An LSP session against Tessera's language server, driven by Microsoft's own client library
// (vscode-jsonrpc + vscode-languageserver-protocol). Usage: node lsp-session.mjs CONFIG_JSON
// CONFIG: {server: [cmd, ...args], tool: [cmd, ...args], workspace, project, repository}
// Prints one JSON object with every result; the C# test asserts on it. Exits 2 on timeout.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  DidOpenTextDocumentNotification, PublishDiagnosticsNotification, HoverRequest, CompletionRequest,
  CodeActionRequest, CodeLensRequest,
} from 'vscode-languageserver-protocol';

const config = JSON.parse(process.argv[2]);
const timeout = setTimeout(() => { console.error('TIMEOUT'); child.kill(); process.exit(2); }, 60000);
const child = spawn(config.server[0], config.server.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
let serverLog = '';
child.stderr.on('data', d => { serverLog += d; });
const exited = new Promise(r => child.on('exit', (code, signal) => r({ code, signal })));
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

const out = { progress: [], repositoryChanged: [] };
const diagnosticsWaiters = [];
conn.onNotification(PublishDiagnosticsNotification.type, p => {
  for (const w of diagnosticsWaiters.splice(0)) w(p);
});
const changedWaiters = [];
conn.onNotification('tessera/repositoryChanged', p => {
  out.repositoryChanged.push(p);
  for (const w of changedWaiters.splice(0)) w(p);
});
conn.onNotification('$/progress', p => out.progress.push(p));
conn.listen();

const nextDiagnostics = () => new Promise(r => diagnosticsWaiters.push(r));
const nextChange = () => new Promise(r => changedWaiters.push(r));
const errorOf = async (promise) => {
  try { await promise; return null; } catch (e) { return e instanceof ResponseError ? { code: e.code, message: e.message, data: e.data ?? null } : { thrown: String(e) }; }
};

// Before initialize, requests are refused with ServerNotInitialized.
out.beforeInitialize = await errorOf(conn.sendRequest('tessera/repositories', {}));

const workspaceUri = pathToFileURL(config.workspace).href;
out.initialize = await conn.sendRequest(InitializeRequest.type, {
  processId: process.pid, rootUri: workspaceUri, capabilities: {},
  workspaceFolders: [{ uri: workspaceUri, name: 'ws' }],
});
await conn.sendNotification(InitializedNotification.type, {});

// Open the project file and time the first diagnostics.
const projectUri = pathToFileURL(config.project).href;
const text = readFileSync(config.project, 'utf8');
const firstDiagnostics = nextDiagnostics();
const opened = performance.now();
await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: projectUri, languageId: 'xml', version: 1, text } });
out.diagnostics = await firstDiagnostics;
out.diagnosticsMs = performance.now() - opened;

// Positions inside the good pin: find them in the text like an editor would.
const lines = text.split('\n');
const at = (needle, offset = 0) => {
  for (let line = 0; line < lines.length; line++) {
    const character = lines[line].indexOf(needle);
    if (character >= 0) return { line, character: character + offset };
  }
  throw new Error(`not found: ${needle}`);
};
const doc = { uri: projectUri };
out.hover = await conn.sendRequest(HoverRequest.type, { textDocument: doc, position: at('<TensorDataset Include="digits"', 2) });
out.completionCommit = await conn.sendRequest(CompletionRequest.type, { textDocument: doc, position: at(config.goodCommit, 1) });
out.completionBranch = await conn.sendRequest(CompletionRequest.type, { textDocument: doc, position: at('Branch="main"', 8) });
out.completionColumns = await conn.sendRequest(CompletionRequest.type, { textDocument: doc, position: at('Columns="/digits/images', 10) });
const stale = out.diagnostics.diagnostics.find(d => d.code === 'TSR2001');
out.codeActions = await conn.sendRequest(CodeActionRequest.type, { textDocument: doc, range: stale.range, context: { diagnostics: [stale] } });
out.codeLens = await conn.sendRequest(CodeLensRequest.type, { textDocument: doc });

// The custom requests.
const repository = config.repository;
out.repositories = await conn.sendRequest('tessera/repositories', {});
out.status = await conn.sendRequest('tessera/status', { repository });
out.log = await conn.sendRequest('tessera/log', { repository, all: true });
out.schema = await conn.sendRequest('tessera/schema', { repository, rev: 'main' });
out.diff = await conn.sendRequest('tessera/diff', { repository, from: 'v1', to: 'main', offset: 1, limit: 2, workDoneToken: 'diff-1' });
out.stagedDiff = await conn.sendRequest('tessera/diff', { repository, from: 'main' });
out.conflicts = await conn.sendRequest('tessera/conflicts', { repository, ours: 'main', theirs: 'dev' });
out.sample = await conn.sendRequest('tessera/sample', { repository, rev: 'main', path: '/digits/images', key: '3', maxElements: 16 });
out.keys = await conn.sendRequest('tessera/keys', { repository, path: '/digits/images', offset: 9, limit: 2 });

// Errors: unknown method, bad params, an engine error with its code.
out.unknownMethod = await errorOf(conn.sendRequest('tessera/nope', {}));
out.badParams = await errorOf(conn.sendRequest('tessera/log', { all: true }));
out.badRevision = await errorOf(conn.sendRequest('tessera/log', { repository, rev: 'no-such-branch' }));

// Cancellation: cancel right after sending. The server answers either way (cancelled or done)
// and keeps serving.
const source = new CancellationTokenSource();
const cancelled = conn.sendRequest('tessera/diff', { repository, from: 'v1', to: 'main', numeric: true }, source.token);
source.cancel();
const cancelError = await errorOf(cancelled);
out.cancellation = cancelError === null ? 'completed' : cancelError.code;
out.afterCancel = (await conn.sendRequest('tessera/status', { repository })).branch;

// The repository changes on disk (the CLI makes a tag): the server notices by itself.
const changed = nextChange();
const refreshed = nextDiagnostics();
execFileSync(config.tool[0], [...config.tool.slice(1), '-C', repository, 'tag', 'from-cli'], { stdio: 'ignore' });
await changed;
out.diagnosticsAfterChange = await refreshed;

// A repository created after start-up (the CLI's init) is listed by the next tessera/repositories.
out.madeLater = `${config.workspace}/made-later`;
execFileSync(config.tool[0], [...config.tool.slice(1), 'init', out.madeLater], { stdio: 'ignore' });
out.repositoriesLater = await conn.sendRequest('tessera/repositories', {});

out.shutdown = await conn.sendRequest(ShutdownRequest.type);
out.afterShutdown = await errorOf(conn.sendRequest('tessera/status', { repository }));
await conn.sendNotification(ExitNotification.type);
out.exit = await exited;
clearTimeout(timeout);
conn.dispose();
process.stderr.write(serverLog);
console.log(JSON.stringify(out));
