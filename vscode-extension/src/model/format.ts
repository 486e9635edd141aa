// Short texts shown in tree items, tooltips and the status bar.

import type { NodeChange } from '../protocol';

export function shortId(id: string): string {
  return id.slice(0, 12);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "3 minutes ago", "yesterday", or the date for anything older than a week. */
export function relativeTime(iso: string, now: Date): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return then.toISOString().slice(0, 10);
}

/** "+40 −2 ~10" for the sample counts of a changed node; empty when none changed. */
export function changeCounts(change: Pick<NodeChange, 'added' | 'removed' | 'mutated'>): string {
  const parts: string[] = [];
  if (change.added > 0) parts.push(`+${change.added}`);
  if (change.removed > 0) parts.push(`−${change.removed}`);
  if (change.mutated > 0) parts.push(`~${change.mutated}`);
  return parts.join(' ');
}

/** "28×28", "scalar" for an empty shape, "≤100×100" for a variable one. */
export function shapeText(shape: number[] | null, variable = false): string {
  if (shape === null) return '';
  if (shape.length === 0) return 'scalar';
  return (variable ? '≤' : '') + shape.join('×');
}

/** A number as the statistics show it: integers in full, others with 4 significant digits. */
export function formatNumber(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}
