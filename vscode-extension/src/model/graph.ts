// The commit graph of the History view: each commit gets a lane, and a row of glyphs shows
// the lanes passing by, the commit's own dot and where a merge joins another lane.

import type { Commit } from '../protocol';

export interface GraphRow {
  commit: Commit;
  /** The commit's lane (0 = leftmost). */
  lane: number;
  /** One glyph per lane: ● the commit, │ a lane passing, ╮ a merge parent's lane, space none. */
  glyphs: string;
  isMerge: boolean;
}

/** Lays out commits given newest first, children before parents (as tessera/log returns them). */
export function layoutGraph(commits: Commit[]): GraphRow[] {
  // lanes[i] is the id the lane waits for (a parent of a row above), or null when free.
  const lanes: (string | null)[] = [];
  const rows: GraphRow[] = [];
  for (const commit of commits) {
    let lane = lanes.indexOf(commit.id);
    if (lane < 0) lane = claim(lanes, commit.id);
    // Other lanes that waited for this commit end here (several children of one parent).
    for (let i = 0; i < lanes.length; i++) if (i !== lane && lanes[i] === commit.id) lanes[i] = null;
    const [first, ...others] = commit.parents;
    lanes[lane] = first ?? null;
    const mergeLanes = new Set<number>();
    for (const parent of others) {
      const existing = lanes.indexOf(parent);
      mergeLanes.add(existing >= 0 ? existing : claim(lanes, parent));
    }
    const glyphs = lanes.map((waiting, i) => (i === lane ? '●' : mergeLanes.has(i) ? '╮' : waiting !== null ? '│' : ' '));
    rows.push({ commit, lane, glyphs: glyphs.join('').trimEnd(), isMerge: commit.parents.length > 1 });
    while (lanes.length > 0 && lanes[lanes.length - 1] === null) lanes.pop();
  }
  return rows;
}

function claim(lanes: (string | null)[], id: string): number {
  const free = lanes.indexOf(null);
  if (free >= 0) {
    lanes[free] = id;
    return free;
  }
  lanes.push(id);
  return lanes.length - 1;
}
