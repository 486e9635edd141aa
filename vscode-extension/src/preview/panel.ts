import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TesseraClient } from '../client';
import { TesseraError } from '../model/errors';
import type { SamplePreview } from '../protocol';
import { previewHtml } from './html';
import type { PreviewPayload, PreviewSide } from './payload';

/** A sample at a revision (undefined: the staging area), shown under a label. */
export interface SampleRef {
  label: string;
  rev: string | undefined;
}

/** Opens sample previews in webview panels: one sample, or a change side by side. */
export class PreviewPanels {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: TesseraClient,
  ) {}

  async showSample(repository: string, path: string, key: string, rev?: string): Promise<void> {
    const sample = await this.client.sample(repository, path, key, rev);
    this.open(`${path} [${key}]`, { mode: 'sample', title: `${path} [${key}]`, sample });
  }

  async showChange(repository: string, path: string, key: string, before: SampleRef, after: SampleRef): Promise<void> {
    const [a, b] = await Promise.all([this.side(repository, path, key, before), this.side(repository, path, key, after)]);
    const title = `${path} [${key}]: ${before.label} ↔ ${after.label}`;
    this.open(title, { mode: 'diff', title, before: a, after: b });
  }

  /** A merge conflict: the common base (null without one), ours and theirs side by side. */
  async showConflict(repository: string, path: string, key: string, base: SampleRef | null, ours: SampleRef, theirs: SampleRef): Promise<void> {
    const noBase: PreviewSide = { label: 'base (no common ancestor)', sample: null };
    const [b, o, t] = await Promise.all([base ? this.side(repository, path, key, base) : noBase, this.side(repository, path, key, ours), this.side(repository, path, key, theirs)]);
    const title = `${path} [${key}]: ${ours.label} ↔ ${theirs.label}`;
    this.open(title, { mode: 'conflict', title, base: b, ours: o, theirs: t });
  }

  /** A side whose sample is absent (added or removed there) shows as empty. */
  private async side(repository: string, path: string, key: string, ref: SampleRef): Promise<PreviewSide> {
    let sample: SamplePreview | null = null;
    try {
      sample = await this.client.sample(repository, path, key, ref.rev);
    } catch (error) {
      if (!(error instanceof TesseraError && (error.code === 'key-not-found' || error.code === 'node-not-found'))) throw error;
    }
    return { label: ref.label, sample };
  }

  private open(title: string, payload: PreviewPayload): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('tessera.preview', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media, dist],
    });
    const { webview } = panel;
    panel.webview.html = previewHtml(payload, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
    });
  }
}
