// A column's keys in the Schema view: pages from tessera/keys appended as "Load more…" is
// clicked, so a column of millions of samples lists its first hundred without waiting.

import type { KeyPage } from '../protocol';

export const keyPageSize = 100;

/** The keys loaded so far, and how many the column has. */
export interface LoadedKeys {
  keys: string[];
  total: number;
}

export type KeyRow = { type: 'key'; key: string } | { type: 'more'; label: string };

/**
 * Adds a page to what is loaded. A page that does not continue the list (the column changed
 * between pages, or the first page) starts it again.
 */
export function appendPage(loaded: LoadedKeys | undefined, page: KeyPage): LoadedKeys {
  if (!loaded || page.offset !== loaded.keys.length) return { keys: [...page.keys], total: page.total };
  return { keys: [...loaded.keys, ...page.keys], total: page.total };
}

/** The key rows, then "Load more…" while keys are left. */
export function keyRows(loaded: LoadedKeys): KeyRow[] {
  const rows: KeyRow[] = loaded.keys.map((key) => ({ type: 'key', key }));
  if (loaded.keys.length < loaded.total) {
    rows.push({ type: 'more', label: `Load more… (${loaded.keys.length.toLocaleString('en-US')} of ${loaded.total.toLocaleString('en-US')})` });
  }
  return rows;
}
