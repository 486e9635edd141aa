import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedJson, previewHtml } from '../../src/preview/html';
import type { PreviewPayload } from '../../src/preview/payload';

const payload: PreviewPayload = {
  mode: 'sample',
  title: '/c [<b>]',
  sample: { path: '/c', key: '<b>', kind: 'str', dtype: null, shape: [], stats: null, valuesShape: [], values: '</script><script>alert(1)</script>', downsampled: false },
};
const resources = { cspSource: 'https://webview.test', nonce: 'abc123', scriptUri: 'https://webview.test/dist/preview.js', styleUri: 'https://webview.test/media/preview.css' };

test('the page allows only its own script (by nonce) and local styles and images', () => {
  const html = previewHtml(payload, resources);
  const csp = /content="([^"]*)"/.exec(html)![1]!;
  assert.equal(csp, "default-src 'none'; img-src https://webview.test data:; style-src https://webview.test; script-src 'nonce-abc123'");
  assert.match(html, /<script nonce="abc123" src="https:\/\/webview.test\/dist\/preview.js"><\/script>/);
  assert.doesNotMatch(html, /https?:\/\/(?!webview\.test)/);
});

test('the payload cannot break out of its script element', () => {
  const html = previewHtml(payload, resources);
  assert.equal(html.match(/<\/script>/g)!.length, 2);
  assert.match(html, /<title>\/c \[&lt;b&gt;\]<\/title>/);
  const embedded = /<script id="tessera-payload" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
  assert.deepEqual(JSON.parse(embedded), payload);
});

test('embedJson escapes <, > and &', () => {
  assert.equal(embedJson({ a: '<&>' }), '{"a":"\\u003c\\u0026\\u003e"}');
});
