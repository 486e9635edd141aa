// The preview webview's script (bundled for the browser): draws the embedded payload.

import { ColormapName, lookupTable, sequentialColormaps } from './colormaps';
import { comparison, PreviewPayload, PreviewSide } from './payload';
import { chooseLayout, colorPixels, difference, finiteRange, flatten, Layout, linePlot, Range, rgbPixels, stride, symmetricRange } from './render';
import { textDiff } from './textDiff';
import { formatNumber, shapeText } from '../model/format';
import type { SamplePreview } from '../protocol';

interface Shown {
  sample: SamplePreview;
  data: Float64Array;
  layout: Layout;
}

interface Settings {
  colormap: ColormapName;
  slice: number;
  /** Show a trailing axis of 3 or 4 as colour; off, its channels are slices. */
  rgb: boolean;
}

const payload = JSON.parse(document.getElementById('tessera-payload')!.textContent!) as PreviewPayload;
const root = document.getElementById('root')!;
const settings: Settings = { colormap: 'gray', slice: 0, rgb: true };

function show(sample: SamplePreview): Shown {
  const shown: Shown = { sample, data: sample.kind === 'str' ? new Float64Array() : flatten(sample.values), layout: chooseLayout(sample) };
  return shown.layout === 'rgb' && !settings.rgb ? channelPlanes(shown, shown.data) : shown;
}

/** An RGB(A) sample's values (or their difference) as one slice per channel. */
function channelPlanes(shown: Shown, data: Float64Array): Shown {
  const [height, width, channels] = shown.sample.valuesShape as [number, number, number];
  const planes = new Float64Array(data.length);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < channels; c++) planes[c * width * height + i] = data[i * channels + c]!;
  return { sample: { ...shown.sample, valuesShape: [channels, height, width] }, layout: 'slices', data: planes };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Slices of a rank ≥ 3 sample: the last two axes form an image, the leading ones are flattened. */
function sliceCount(shown: Shown): number {
  const shape = shown.sample.valuesShape;
  return shown.layout === 'slices' ? shape.slice(0, -2).reduce((a, b) => a * b, 1) : 1;
}

function imageSize(shown: Shown): { width: number; height: number } {
  const shape = shown.sample.valuesShape;
  if (shown.layout === 'rgb') return { width: shape[1]!, height: shape[0]! };
  return { width: shape[shape.length - 1]!, height: shape[shape.length - 2]! };
}

function canvas(className: string, width: number, height: number, pixels: Uint8ClampedArray): HTMLCanvasElement {
  const c = element('canvas', className);
  c.width = width;
  c.height = height;
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return c;
}

const svgNs = 'http://www.w3.org/2000/svg';

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, String(value));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The plot area inside the SVG: room on the left for the y labels and below for the x labels. */
const plot = { left: 52, top: 8, width: 400, height: 160 };

/** A line plot with both axes: ticks and labels in sample indices (x) and values (y). */
function drawLine(data: ArrayLike<number>, step: number, range: Range): SVGSVGElement {
  const { path, xTicks, yTicks } = linePlot(data, plot.width, plot.height, step, range);
  const svg = svgElement('svg', { viewBox: `0 0 ${plot.left + plot.width + 16} ${plot.top + plot.height + 40}`, class: 'line-plot' });
  const area = svgElement('g', { transform: `translate(${plot.left},${plot.top})` });
  const xAxis = svgElement('g', { class: 'axis x-axis', transform: `translate(0,${plot.height})` });
  xAxis.append(svgElement('line', { x1: 0, x2: plot.width, y1: 0, y2: 0 }));
  for (const tick of xTicks) {
    xAxis.append(svgElement('line', { x1: tick.at, x2: tick.at, y1: 0, y2: 4 }), svgElement('text', { x: tick.at, y: 16, 'text-anchor': 'middle', class: 'tick-label' }, tick.label));
  }
  xAxis.append(svgElement('text', { x: plot.width / 2, y: 32, 'text-anchor': 'middle', class: 'axis-title' }, 'index'));
  const yAxis = svgElement('g', { class: 'axis y-axis' });
  yAxis.append(svgElement('line', { x1: 0, x2: 0, y1: 0, y2: plot.height }));
  for (const tick of yTicks) {
    yAxis.append(svgElement('line', { x1: -4, x2: 0, y1: tick.at, y2: tick.at }), svgElement('text', { x: -7, y: tick.at + 3, 'text-anchor': 'end', class: 'tick-label' }, tick.label));
  }
  area.append(xAxis, yAxis, svgElement('path', { d: path, class: 'line' }));
  svg.append(area);
  return svg;
}

function colorBar(range: Range, colormap: ColormapName): HTMLElement {
  const bar = element('div', 'color-bar');
  const table = lookupTable(colormap);
  const ramp = new Float64Array(256).map((_, i) => range.min + ((range.max - range.min) * i) / 255);
  bar.append(element('span', 'scale-label', formatNumber(range.min)), canvas('color-ramp', 256, 1, colorPixels(ramp, 0, 256, 1, range, table)), element('span', 'scale-label', formatNumber(range.max)));
  return bar;
}

/** The picture of one sample (or of a difference, with a diverging colormap). */
function picture(shown: Shown, range: Range, colormap: ColormapName): HTMLElement {
  const box = element('div', 'picture');
  const { sample, data, layout } = shown;
  if (layout === 'text') {
    box.append(element('pre', 'sample-text', String(sample.values)));
  } else if (layout === 'scalar') {
    box.append(element('div', 'sample-scalar', formatNumber(data[0] ?? NaN)));
  } else if (layout === 'line') {
    box.append(drawLine(data, stride(sample), range));
  } else {
    const { width, height } = imageSize(shown);
    if (layout === 'rgb') {
      box.append(canvas('sample-image', width, height, rgbPixels(data, width, height, sample.valuesShape[2]!, range)));
    } else {
      const offset = Math.min(settings.slice, sliceCount(shown) - 1) * width * height;
      box.append(canvas('sample-image', width, height, colorPixels(data, offset, width, height, range, lookupTable(colormap))), colorBar(range, colormap));
    }
  }
  return box;
}

function facts(sample: SamplePreview): HTMLElement {
  const table = element('table', 'facts');
  const rows: [string, string][] = [['kind', sample.kind]];
  if (sample.kind !== 'str') rows.push(['dtype', sample.dtype ?? 'bytes'], ['shape', shapeText(sample.shape)]);
  if (sample.stats) {
    rows.push(['min', formatNumber(sample.stats.min)], ['max', formatNumber(sample.stats.max)], ['mean', formatNumber(sample.stats.mean)], ['NaN count', String(sample.stats.nanCount)]);
  }
  if (sample.downsampled) rows.push(['shown', `${shapeText(sample.valuesShape)} (downsampled)`]);
  for (const [name, value] of rows) {
    const tr = element('tr', '');
    tr.append(element('th', '', name), element('td', '', value));
    table.append(tr);
  }
  return table;
}

function controls(shown: Shown[], hasRgb: boolean, rerender: () => void): HTMLElement {
  const bar = element('div', 'controls');
  if (hasRgb) {
    const toggle = element('input', 'rgb');
    toggle.type = 'checkbox';
    toggle.checked = settings.rgb;
    toggle.addEventListener('change', () => {
      settings.rgb = toggle.checked;
      rerender();
    });
    const label = element('label', '', ' RGB');
    label.prepend(toggle);
    bar.append(label);
  }
  if (shown.some((s) => s.layout === 'image' || s.layout === 'slices')) {
    const select = element('select', 'colormap');
    select.setAttribute('aria-label', 'Colormap');
    for (const name of sequentialColormaps) {
      const option = element('option', '', name);
      option.value = name;
      option.selected = name === settings.colormap;
      select.append(option);
    }
    select.addEventListener('change', () => {
      settings.colormap = select.value as ColormapName;
      rerender();
    });
    bar.append(element('label', '', 'Colormap '), select);
  }
  const slices = Math.max(...shown.map(sliceCount));
  if (slices > 1) {
    const slider = element('input', 'slice');
    slider.type = 'range';
    slider.min = '0';
    slider.max = String(slices - 1);
    slider.value = String(settings.slice);
    slider.setAttribute('aria-label', 'Slice');
    slider.addEventListener('input', () => {
      settings.slice = Number(slider.value);
      rerender();
    });
    bar.append(element('label', '', `Slice ${settings.slice} of ${slices} `), slider);
  }
  return bar;
}

function column(heading: string, content: HTMLElement[]): HTMLElement {
  const col = element('section', 'side');
  col.append(element('h2', '', heading), ...content);
  return col;
}

function renderSample(sample: SamplePreview): void {
  const shown = show(sample);
  const side = element('section', 'side');
  side.append(picture(shown, finiteRange(shown.data), settings.colormap), facts(sample));
  root.replaceChildren(element('h1', '', `${sample.path} [${sample.key}]`), controls([shown], chooseLayout(sample) === 'rgb', () => renderSample(sample)), side);
}

/** The sides of a change or a conflict, each drawn on one shared range, then the difference of two of them. */
function renderComparison(payload: Exclude<PreviewPayload, { mode: 'sample' }>): void {
  const { sides, from, to, difference: heading } = comparison(payload);
  const shownOf = new Map<PreviewSide, Shown | null>(sides.map((side) => [side, side.sample ? show(side.sample) : null]));
  const present = [...shownOf.values()].filter((s): s is Shown => s !== null);
  const shared = finiteRange(present.flatMap((s) => Object.values(finiteRange(s.data))));
  const container = element('div', 'sides');
  for (const side of sides) {
    const shown = shownOf.get(side);
    container.append(column(side.label, shown ? [picture(shown, shared, settings.colormap), facts(shown.sample)] : [element('p', 'absent', 'No sample on this side.')]));
  }
  const [a, b] = [shownOf.get(from), shownOf.get(to)];
  const delta = a && b && a.layout === b.layout && a.layout !== 'text' ? differenceOf(a, b) : null;
  if (delta) {
    container.append(column(heading, [picture(delta, symmetricRange(delta.data), 'coolwarm')]));
  } else if (a && b && a.layout === 'text') {
    container.append(column(heading, [drawTextDiff(String(a.sample.values), String(b.sample.values))]));
  }
  const rerender = (): void => renderComparison(payload);
  root.replaceChildren(element('h1', '', payload.title), controls(delta ? [...present, delta] : present, present.some((p) => chooseLayout(p.sample) === 'rgb'), rerender), container);
}

/** The text of `to` with what `from` had and it lacks struck out, and what it adds marked. */
function drawTextDiff(from: string, to: string): HTMLElement {
  const pre = element('pre', 'text-diff');
  const parts = textDiff(from, to);
  if (parts.every((p) => p.op === 'same')) return element('p', 'absent', 'Same text.');
  for (const part of parts) pre.append(part.op === 'same' ? document.createTextNode(part.text) : element(part.op === 'added' ? 'ins' : 'del', '', part.text));
  return pre;
}

/** to − from (after − before, theirs − ours); an RGB difference is shown channel by channel (one slice per channel). */
function differenceOf(before: Shown, after: Shown): Shown {
  const data = difference(before.data, after.data);
  return after.layout === 'rgb' ? channelPlanes(after, data) : { sample: after.sample, layout: after.layout, data };
}

if (payload.mode === 'sample') renderSample(payload.sample);
else renderComparison(payload);
