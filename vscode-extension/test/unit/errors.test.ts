import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCliResult, TesseraError } from '../../src/model/errors';

test('a successful run gives its JSON', () => {
  assert.deepEqual(readCliResult(0, '{"ok":true,"message":"done"}\n', ''), { ok: true, message: 'done' });
  assert.equal(readCliResult(0, '', ''), null);
});

test('a failed run throws the error the CLI wrote on stderr', () => {
  const stderr = '{"code":"unresolved-conflicts","exit":45,"message":"1 merge conflict(s) are unresolved."}';
  assert.throws(() => readCliResult(45, '', stderr), (e: unknown) => e instanceof TesseraError && e.code === 'unresolved-conflicts' && e.exit === 45 && e.message === '1 merge conflict(s) are unresolved.');
});

test('an expected non-zero exit (merge stopped at conflicts) still gives the JSON', () => {
  assert.deepEqual(readCliResult(50, '{"status":"conflicts","commit":null,"conflicts":[]}', '', [0, 50]), { status: 'conflicts', commit: null, conflicts: [] });
});

test('text that is not a JSON error is shown as it is', () => {
  assert.throws(() => readCliResult(134, '', 'Unhandled exception.\n'), (e: unknown) => e instanceof TesseraError && e.message === 'Unhandled exception.' && e.code === 'internal');
  assert.throws(() => readCliResult(1, '', ''), /exited with code 1/);
});
