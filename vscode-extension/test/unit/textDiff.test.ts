import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textDiff, tokenize } from '../../src/preview/textDiff';

const render = (before: string, after: string): string =>
  textDiff(before, after)
    .map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `{+${p.text}+}` : `[-${p.text}-]`))
    .join('');

test('texts are split into words, spaces and punctuation', () => {
  assert.deepEqual(tokenize('a  five, drawn\nthin'), ['a', '  ', 'five', ',', ' ', 'drawn', '\n', 'thin']);
  assert.deepEqual(tokenize(''), []);
});

test('a changed word is removed and added; the rest is kept', () => {
  assert.equal(render('a handwritten five', 'a carefully handwritten 5'), 'a {+carefully +}handwritten [-five-]{+5+}');
});

test('changes separated only by spaces are one change', () => {
  assert.equal(render('a five drawn in one stroke', 'a five with a flat top'), 'a five [-drawn in one stroke-]{+with a flat top+}');
  assert.equal(render('one two three', 'one 2 3'), 'one [-two three-]{+2 3+}');
});

test('both texts can be read back from the parts', () => {
  const before = 'the quick brown fox jumps over the lazy dog';
  const after = 'the slow brown fox leaps over a lazy cat';
  const parts = textDiff(before, after);
  assert.equal(parts.filter((p) => p.op !== 'added').map((p) => p.text).join(''), before);
  assert.equal(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join(''), after);
  // The edit is the shortest: the shared words stay.
  assert.equal(parts.filter((p) => p.op === 'same').map((p) => p.text).join(''), 'the  brown fox  over  lazy ');
});

test('equal, empty and wholly different texts', () => {
  assert.deepEqual(textDiff('same', 'same'), [{ op: 'same', text: 'same' }]);
  assert.deepEqual(textDiff('', 'new'), [{ op: 'added', text: 'new' }]);
  assert.deepEqual(textDiff('old', ''), [{ op: 'removed', text: 'old' }]);
  assert.deepEqual(textDiff('', ''), []);
  assert.equal(render('one', 'two'), '[-one-]{+two+}');
});

test('lines changed in a long text are found, and texts too different to search are replaced wholesale', () => {
  const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
  const edited = [...lines];
  edited[250] = 'line two hundred fifty';
  const parts = textDiff(lines.join('\n'), edited.join('\n'));
  assert.deepEqual(parts.filter((p) => p.op !== 'same'), [{ op: 'removed', text: '250' }, { op: 'added', text: 'two hundred fifty' }]);
  const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
  const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
  const wholesale = textDiff(a, b);
  assert.equal(wholesale.filter((p) => p.op === 'removed').map((p) => p.text).join(''), a);
  assert.equal(wholesale.filter((p) => p.op === 'added').map((p) => p.text).join(''), b);
});
