// What the extension hands the preview webview: one sample, two sides of a change, or the three
// sides of a merge conflict.

import type { SamplePreview } from '../protocol';

export interface PreviewSide {
  label: string;
  /** null when the sample does not exist on this side (added or removed). */
  sample: SamplePreview | null;
}

export type PreviewPayload =
  | { mode: 'sample'; title: string; sample: SamplePreview }
  | { mode: 'diff'; title: string; before: PreviewSide; after: PreviewSide }
  | { mode: 'conflict'; title: string; base: PreviewSide; ours: PreviewSide; theirs: PreviewSide };

/** The sides a comparison shows, left to right, and the two whose difference it draws. */
export interface Comparison {
  sides: PreviewSide[];
  from: PreviewSide;
  to: PreviewSide;
  /** The difference column's heading: `to − from`. */
  difference: string;
}

/**
 * A change shows before and after and their difference (after − before); a conflict shows the
 * common base beside ours and theirs, and what theirs would change in ours (theirs − ours).
 */
export function comparison(payload: Exclude<PreviewPayload, { mode: 'sample' }>): Comparison {
  if (payload.mode === 'diff') return { sides: [payload.before, payload.after], from: payload.before, to: payload.after, difference: 'Difference (after − before)' };
  return { sides: [payload.base, payload.ours, payload.theirs], from: payload.ours, to: payload.theirs, difference: 'Difference (theirs − ours)' };
}
