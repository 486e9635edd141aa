// Pure rendering of a previewed sample: numbers out of the server's nested JSON, how to show
// them (image, RGB, slices, line, text), pixels through a colormap, and differences.

import type { NestedValues, SamplePreview } from '../protocol';

export type Layout = 'text' | 'scalar' | 'line' | 'image' | 'rgb' | 'slices';

/** How a sample is shown: by its (downsampled) shape; a trailing axis of 3 or 4 is RGB(A). */
export function chooseLayout(sample: Pick<SamplePreview, 'kind' | 'valuesShape'>): Layout {
  if (sample.kind === 'str') return 'text';
  const rank = sample.valuesShape.length;
  if (rank === 0) return 'scalar';
  if (rank === 1) return 'line';
  if (rank === 2) return 'image';
  const channels = sample.valuesShape[rank - 1]!;
  return rank === 3 && (channels === 3 || channels === 4) ? 'rgb' : 'slices';
}

/** Every value in row-major order; NaN/infinity strings become numbers, complex values NaN. */
export function flatten(values: NestedValues): Float64Array {
  const out: number[] = [];
  const walk = (v: NestedValues): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(toNumber(v));
  };
  walk(values);
  return Float64Array.from(out);
}

function toNumber(v: number | string | boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const lower = v.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'infinity' || lower === 'inf') return Infinity;
  if (lower === '-infinity' || lower === '-inf') return -Infinity;
  const parsed = Number(v);
  return Number.isNaN(parsed) ? NaN : parsed;
}

export interface Range {
  min: number;
  max: number;
}

/** The finite minimum and maximum (0..1 when there is no finite value). */
export function finiteRange(data: ArrayLike<number>): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 1 };
}

/** A symmetric range around 0 for a difference: ±max|d| (±1 when all are equal). */
export function symmetricRange(data: ArrayLike<number>): Range {
  const { min, max } = finiteRange(data);
  const extent = Math.max(Math.abs(min), Math.abs(max)) || 1;
  return { min: -extent, max: extent };
}

/** RGBA pixels of a width×height grid read from data at offset, through a 256-entry RGB table. NaN is transparent. */
export function colorPixels(data: ArrayLike<number>, offset: number, width: number, height: number, range: Range, table: Uint8ClampedArray): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(width * height * 4);
  const span = range.max - range.min || 1;
  for (let i = 0; i < width * height; i++) {
    const v = data[offset + i]!;
    if (Number.isNaN(v)) continue;
    const index = Math.min(255, Math.max(0, Math.round(((v - range.min) / span) * 255))) * 3;
    pixels[i * 4] = table[index]!;
    pixels[i * 4 + 1] = table[index + 1]!;
    pixels[i * 4 + 2] = table[index + 2]!;
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}

/** RGBA pixels of a height×width×channels sample (3 or 4 channels), scaled from range to 0..255. */
export function rgbPixels(data: ArrayLike<number>, width: number, height: number, channels: number, range: Range): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(width * height * 4);
  const span = range.max - range.min || 1;
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 4; c++) {
      pixels[i * 4 + c] = c < channels ? ((data[i * channels + c]! - range.min) / span) * 255 : 255;
    }
  }
  return pixels;
}

/** after − before, element by element; NaN where the shapes differ (no element-wise meaning). */
export function difference(before: Float64Array, after: Float64Array): Float64Array {
  if (before.length !== after.length) return new Float64Array(after.length).fill(NaN);
  return after.map((v, i) => v - before[i]!);
}

/** An SVG path drawing data as a line in a width×height box (y up, range from bottom to top), skipping non-finite values. */
export function linePath(data: ArrayLike<number>, width: number, height: number, range: Range = finiteRange(data)): string {
  const { min, max } = range;
  const span = max - min || 1;
  const step = data.length > 1 ? width / (data.length - 1) : 0;
  const parts: string[] = [];
  let pen = 'M';
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      pen = 'M';
      continue;
    }
    const x = i * step;
    const y = height - ((v - min) / span) * height;
    parts.push(`${pen}${x.toFixed(1)},${y.toFixed(1)}`);
    pen = 'L';
  }
  return parts.join(' ');
}

/** A tick of an axis: where it sits (in the plot's units) and its label. */
export interface Tick {
  at: number;
  label: string;
}

/** At most about `count` round values (steps of 1, 2 or 5 times a power of ten) from min to max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}

/** A tick value as text: as many decimals as the step between ticks needs. */
export function tickLabel(value: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 0;
  if (Math.abs(value) >= 1e6 || (step > 0 && step < 1e-4)) return value.toExponential(2);
  const decimals = step > 0 ? Math.max(0, -Math.floor(Math.log10(step))) : 0;
  return value.toFixed(Math.min(decimals, 6));
}

export interface LinePlot {
  /** The line, as linePath draws it in the width×height plot area. */
  path: string;
  /** x ticks in sample indices of the full sample, at their offset from the plot's left edge. */
  xTicks: Tick[];
  /** y ticks in values, at their offset from the plot's top edge (y grows down). */
  yTicks: Tick[];
}

/**
 * A line plot with axes: the values of a (downsampled) 1-D sample in a width×height area, the x
 * axis in indices of the full sample (every `stride`-th value is shown), the y axis in values
 * from range.min to range.max (sides compared share one range).
 */
export function linePlot(data: ArrayLike<number>, width: number, height: number, stride = 1, range: Range = finiteRange(data)): LinePlot {
  const { min, max } = range;
  const span = max - min || 1;
  const lastIndex = Math.max(0, data.length - 1) * stride;
  const xs = niceTicks(0, lastIndex).filter(Number.isInteger);
  const ys = niceTicks(min, max);
  return {
    path: linePath(data, width, height, range),
    xTicks: xs.map((i) => ({ at: lastIndex === 0 ? 0 : (i / lastIndex) * width, label: tickLabel(i, xs) })),
    yTicks: ys.map((v) => ({ at: height - ((v - min) / span) * height, label: tickLabel(v, ys) })),
  };
}

/** The stride the server took along the first axis: the full length over the shown one. */
export function stride(sample: Pick<SamplePreview, 'shape' | 'valuesShape' | 'downsampled'>): number {
  const full = sample.shape[0] ?? 1;
  const shown = sample.valuesShape[0] ?? 1;
  return sample.downsampled && shown > 0 ? Math.ceil(full / shown) : 1;
}
