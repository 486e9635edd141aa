// The preview webview's page: no external resources, a strict content security policy, and
// the payload embedded as inert JSON that the bundled script reads.

import type { PreviewPayload } from './payload';

export interface PageResources {
  /** The webview's cspSource (the origin its local resources are served from). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function previewHtml(payload: PreviewPayload, resources: PageResources): string {
  const csp = [
    "default-src 'none'",
    `img-src ${resources.cspSource} data:`,
    `style-src ${resources.cspSource}`,
    `script-src 'nonce-${resources.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(resources.styleUri)}">
<title>${escapeText(payload.title)}</title>
</head>
<body>
<div id="root"></div>
<script id="tessera-payload" type="application/json">${embedJson(payload)}</script>
<script nonce="${resources.nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
</body>
</html>`;
}

/** JSON that cannot close the script element it sits in. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
