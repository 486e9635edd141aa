// The difference of two texts as the preview shows it: words, spaces and punctuation kept,
// removed or added (Myers' shortest edit script over those tokens).

export interface TextPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** More edits than this and the texts are shown as replaced wholesale (the search grows with the square of the edits). */
const maxEdits = 2000;

export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/** How `before` becomes `after`: runs of kept, removed and added text, in order. */
export function textDiff(before: string, after: string): TextPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);
  const middle = shortestEdit(middleA, middleB) ?? [
    ...middleA.map((text): TextPart => ({ op: 'removed', text })),
    ...middleB.map((text): TextPart => ({ op: 'added', text })),
  ];
  const parts = [
    ...a.slice(0, prefix).map((text): TextPart => ({ op: 'same', text })),
    ...middle,
    ...a.slice(a.length - suffix).map((text): TextPart => ({ op: 'same', text })),
  ];
  return merge(groupChanges(merge(parts)));
}

/** Myers' greedy search; null when it needs more than maxEdits edits. */
function shortestEdit(a: string[], b: string[]): TextPart[] | null {
  const n = a.length;
  const m = b.length;
  // frontier.get(k): the furthest x reached on diagonal k = x − y. trace[d] is the frontier before step d.
  let frontier = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  for (let d = 0; d <= Math.min(n + m, maxEdits); d++) {
    trace.push(frontier);
    const next = new Map(frontier);
    for (let k = -d; k <= d; k += 2) {
      let x = down(frontier, k, d) ? frontier.get(k + 1)! : frontier.get(k - 1)! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next.set(k, x);
      if (x >= n && y >= m) return backtrack(a, b, trace);
    }
    frontier = next;
  }
  return null;
}

/** Whether diagonal k is reached from k + 1 (an addition) rather than from k − 1 (a removal). */
function down(frontier: Map<number, number>, k: number, d: number): boolean {
  return k === -d || (k !== d && frontier.get(k - 1)! < frontier.get(k + 1)!);
}

function backtrack(a: string[], b: string[], trace: Map<number, number>[]): TextPart[] {
  const parts: TextPart[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const previousK = down(frontier, k, d) ? k + 1 : k - 1;
    const previousX = frontier.get(previousK)!;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      parts.push({ op: 'same', text: a[x]! });
    }
    if (d > 0) {
      if (x === previousX) parts.push({ op: 'added', text: b[--y]! });
      else parts.push({ op: 'removed', text: a[--x]! });
    }
  }
  return parts.reverse();
}

/**
 * Changes separated only by spaces read as one: "drawn in one stroke" → "with a flat top", not
 * four interleaved word swaps. The spaces between them go into both the removed and the added text.
 */
function groupChanges(parts: TextPart[]): TextPart[] {
  const out: TextPart[] = [];
  for (let i = 0; i < parts.length; ) {
    if (parts[i]!.op === 'same') {
      out.push(parts[i++]!);
      continue;
    }
    let removed = '';
    let added = '';
    let end = i;
    for (let j = i; j < parts.length; j++) {
      const part = parts[j]!;
      const joins = part.op !== 'same' || (/^\s+$/.test(part.text) && parts[j + 1] !== undefined && parts[j + 1]!.op !== 'same');
      if (!joins) break;
      if (part.op !== 'added') removed += part.text;
      if (part.op !== 'removed') added += part.text;
      end = j + 1;
    }
    if (removed !== '') out.push({ op: 'removed', text: removed });
    if (added !== '') out.push({ op: 'added', text: added });
    i = end;
  }
  return out;
}

/** Joins neighbouring parts of the same kind. */
function merge(parts: TextPart[]): TextPart[] {
  const merged: TextPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && last.op === part.op) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
