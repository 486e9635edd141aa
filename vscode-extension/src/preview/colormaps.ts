// Colormaps for sample images and difference heatmaps, as anchor colours interpolated
// linearly into 256-entry lookup tables (no external resources: the webview works offline).

export type ColormapName = 'gray' | 'viridis' | 'inferno' | 'coolwarm';

export const sequentialColormaps: ColormapName[] = ['gray', 'viridis', 'inferno'];

type Rgb = [number, number, number];

const anchors: Record<ColormapName, Rgb[]> = {
  gray: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  // matplotlib's viridis and inferno, sampled at 9 evenly spaced points.
  viridis: [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
  ],
  inferno: [
    [0, 0, 4],
    [31, 12, 72],
    [85, 15, 109],
    [136, 34, 106],
    [186, 54, 85],
    [227, 89, 51],
    [249, 140, 10],
    [249, 201, 50],
    [252, 255, 164],
  ],
  // Diverging: blue for negative differences, white for none, red for positive.
  coolwarm: [
    [59, 76, 192],
    [141, 176, 254],
    [245, 245, 245],
    [244, 154, 123],
    [180, 4, 38],
  ],
};

/** The colour at t in [0, 1] (clamped; NaN gives the first colour). */
export function colorAt(name: ColormapName, t: number): Rgb {
  const stops = anchors[name];
  const x = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as Rgb;
}

/** 256 RGB triples, flat: entry i is colorAt(name, i / 255). */
export function lookupTable(name: ColormapName): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) table.set(colorAt(name, i / 255), i * 3);
  return table;
}
