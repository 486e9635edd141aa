// Bundles the extension (node, CommonJS) and the preview script (browser) into dist/;
// with --tests, also the unit tests (test/unit) and the end-to-end driver (test/e2e) into out/.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', target: 'es2022' };

await build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'], minify: true });
await build({ ...common, entryPoints: ['src/preview/webview.ts'], outfile: 'dist/preview.js', platform: 'browser', format: 'iife' });

if (process.argv.includes('--tests')) {
  const units = readdirSync('test/unit').filter((f) => f.endsWith('.test.ts')).map((f) => `test/unit/${f}`);
  await build({ ...common, entryPoints: units, outdir: 'out/test/unit', platform: 'node', format: 'cjs' });
  await build({ ...common, entryPoints: ['test/e2e/run.ts'], outdir: 'out/test/e2e', platform: 'node', format: 'cjs', external: ['playwright-core'] });
}
