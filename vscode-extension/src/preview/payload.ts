// What the extension hands the preview webview: one sample, or two sides of a change.

import type { SamplePreview } from '../protocol';

export interface PreviewSide {
  label: string;
  /** null when the sample does not exist on this side (added or removed). */
  sample: SamplePreview | null;
}

export type PreviewPayload =
  | { mode: 'sample'; title: string; sample: SamplePreview }
  | { mode: 'diff'; title: string; before: PreviewSide; after: PreviewSide };
