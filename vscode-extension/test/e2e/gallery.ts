// The preview webview outside VS Code: the real page (previewHtml, its CSP, dist/preview.js and
// media/preview.css served from a fake webview origin) for every layout, in plain Chromium.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { previewHtml } from '../../src/preview/html';
import type { PreviewPayload } from '../../src/preview/payload';
import type { NestedValues, SamplePreview } from '../../src/protocol';
import { timeout } from './workbench';

const origin = 'https://webview.test';

function sample(valuesShape: number[], values: NestedValues, dtype = 'float32'): SamplePreview {
  return { path: '/gallery', key: String(valuesShape.join('x')), kind: 'ndarray', dtype, shape: valuesShape, stats: null, valuesShape, values, downsampled: false };
}

function text(value: string): SamplePreview {
  return { path: '/captions', key: '5', kind: 'str', dtype: null, shape: [], stats: null, valuesShape: [], values: value, downsampled: false };
}

function grid(shape: number[], f: (...index: number[]) => number, prefix: number[] = []): NestedValues {
  const [n, ...rest] = shape;
  if (n === undefined) return f(...prefix);
  return Array.from({ length: n }, (_, i) => grid(rest, f, [...prefix, i]));
}

export interface GalleryCase {
  name: string;
  payload: PreviewPayload;
  /** What must be on the page once drawn. */
  expect: string;
  /** A second look after using the controls, screenshot as preview-NAME-after.png. */
  after?: { act: (page: Page) => Promise<void>; expect: string };
}

export const galleryCases: GalleryCase[] = [
  {
    name: 'rgb',
    payload: { mode: 'sample', title: 'RGB', sample: sample([24, 24, 3], grid([24, 24, 3], (y, x, c) => [x / 23, y / 23, 1 - x / 23][c]!)) },
    expect: 'canvas.sample-image',
    // Unchecking RGB shows the channels as slices.
    after: { act: (page) => page.locator('input.rgb').uncheck({ timeout }), expect: 'input.slice' },
  },
  { name: 'slices', payload: { mode: 'sample', title: 'Slices', sample: sample([4, 16, 16], grid([4, 16, 16], (s, y, x) => Math.sin((x + s * 4) / 3) * Math.cos(y / 3))) }, expect: 'input.slice' },
  // Axes with ticks and labels: x in sample indices, y in values.
  { name: 'line', payload: { mode: 'sample', title: 'Line', sample: sample([200], grid([200], (i) => Math.sin(i / 10) * Math.exp(-i / 150))) }, expect: '.line-plot:has(.x-axis .tick-label:text-is("150")):has(.y-axis .tick-label:text-is("0.5"))' },
  { name: 'scalar', payload: { mode: 'sample', title: 'Scalar', sample: sample([], 42.125, 'float64') }, expect: '.sample-scalar' },
  {
    name: 'line-diff',
    payload: {
      mode: 'diff',
      title: 'Line diff',
      before: { label: 'before', sample: sample([100], grid([100], (i) => Math.sin(i / 8))) },
      after: { label: 'after', sample: sample([100], grid([100], (i) => Math.sin(i / 8) + (i > 50 ? 0.3 : 0))) },
    },
    expect: 'h2:text-is("Difference (after − before)")',
  },
  {
    name: 'conflict-text',
    payload: {
      mode: 'conflict',
      title: 'Text conflict',
      base: { label: 'base (19019b)', sample: text('a five') },
      ours: { label: 'ours (fix-captions)', sample: text('a handwritten five') },
      theirs: { label: 'theirs (main)', sample: text('a five with a flat top') },
    },
    expect: 'section:has(h2:text-is("Difference (theirs − ours)")) .text-diff ins:text-is("with a flat top")',
  },
  {
    name: 'conflict-image',
    payload: {
      mode: 'conflict',
      title: 'Image conflict',
      base: { label: 'base', sample: sample([16, 16], grid([16, 16], (y, x) => x + y)) },
      ours: { label: 'ours', sample: sample([16, 16], grid([16, 16], (y, x) => x + y + (x < 8 ? 6 : 0))) },
      theirs: { label: 'theirs', sample: sample([16, 16], grid([16, 16], (y, x) => x + y + (y < 8 ? 6 : 0))) },
    },
    expect: 'section:has(h2:text-is("Difference (theirs − ours)")) canvas.sample-image',
  },
];

/** Draws each case and screenshots it; throws at the first case that does not draw or logs an error. */
export async function checkGallery(browser: Browser, root: string, artifacts: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = path === '/' ? currentHtml : readFileSync(join(root, path));
    return route.fulfill({ body, contentType: path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html' });
  });
  let currentHtml = '';
  try {
    for (const c of galleryCases) {
      currentHtml = previewHtml(c.payload, { cspSource: origin, nonce: 'gallery', scriptUri: `${origin}/dist/preview.js`, styleUri: `${origin}/media/preview.css` });
      await page.goto(`${origin}/`, { timeout });
      await page.locator(c.expect).first().waitFor({ timeout });
      await page.screenshot({ path: join(artifacts, `preview-${c.name}.png`) });
      if (c.after) {
        await c.after.act(page);
        await page.locator(c.after.expect).first().waitFor({ timeout });
        await page.screenshot({ path: join(artifacts, `preview-${c.name}-after.png`) });
      }
      if (errors.length > 0) throw new Error(`${c.name}: ${errors.join('; ')}`);
    }
  } finally {
    await page.close();
  }
}
