// Renders docs/benchmarks.png from a results file: an SVG bar chart (Ferry ÷ fastest peer per data set
// and direction, both Ferry codegen modes; out-of-band scaling times) screenshotted with Debian's
// chromium through playwright-core. No native dependencies.
// Run: node benchmarks/chart.mjs [results.json] [out.png]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { codecRatios, DEFAULT_RESULTS } from './report.mjs';

export const DEFAULT_PNG = fileURLToPath(new URL('../docs/benchmarks.png', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Grouped bars of ratios on a log scale, with the 1× line. */
function ratioChart(data, { x, y, w, h }) {
  const modes = [
    ['ferry', 'schema-consistent', '#1f6feb'],
    ['ferry-compat', 'compatible', '#8ab4f8'],
  ];
  const groups = [];
  for (const ds of data.datasets) for (const dir of ['serialize', 'deserialize']) groups.push({ ds, dir });
  const byMode = Object.fromEntries(modes.map(([id]) => [id, codecRatios(data, id).cells]));
  const lo = Math.log(0.1);
  const hi = Math.log(10);
  const py = (r) => y + h - ((Math.log(Math.min(10, Math.max(0.1, r))) - lo) / (hi - lo)) * h;
  const gw = w / groups.length;
  const bw = (gw * 0.7) / modes.length;
  const out = [];
  out.push(`<text x="${x}" y="${y - 28}" class="title">Ferry ÷ fastest peer codec (ops/s, log scale; above 1× Ferry is faster)</text>`);
  for (const t of [0.1, 0.25, 0.5, 1, 2, 4, 10]) {
    out.push(`<line x1="${x}" x2="${x + w}" y1="${py(t)}" y2="${py(t)}" class="${t === 1 ? 'one' : 'grid'}"/>`);
    out.push(`<text x="${x - 6}" y="${py(t) + 4}" class="tick" text-anchor="end">${t}×</text>`);
  }
  groups.forEach((g, i) => {
    const gx = x + i * gw + gw * 0.15;
    modes.forEach(([id, , color], k) => {
      const cell = byMode[id].find((c) => c.ds === g.ds && c.dir === g.dir);
      if (!cell) return;
      const top = Math.min(py(cell.ratio), py(1));
      const height = Math.abs(py(cell.ratio) - py(1));
      out.push(`<rect x="${gx + k * bw}" y="${top}" width="${bw - 2}" height="${Math.max(1, height)}" fill="${color}"/>`);
      if (id === 'ferry') {
        out.push(`<text x="${gx + bw / 2}" y="${cell.ratio >= 1 ? top - 4 : top + height + 12}" class="val" text-anchor="middle">${cell.ratio.toFixed(2)}</text>`);
      }
    });
    out.push(`<text x="${x + i * gw + gw / 2}" y="${y + h + 16}" class="tick" text-anchor="middle">${g.dir === 'serialize' ? 'ser' : 'deser'}</text>`);
    if (g.dir === 'serialize') out.push(`<text x="${x + (i + 1) * gw}" y="${y + h + 32}" class="ds" text-anchor="middle">${esc(g.ds)}</text>`);
  });
  modes.forEach(([, label, color], k) => {
    out.push(`<rect x="${x + w - 420 + k * 215}" y="${y - 20}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${x + w - 404 + k * 215}" y="${y - 10}" class="tick">Ferry codegen, ${label}</text>`);
  });
  return out.join('\n');
}

/** Out-of-band scaling: ser+deser time per method and array size, log scale. */
function oobChart(oob, { x, y, w, h }) {
  const out = [];
  const methods = Object.entries(oob.methods);
  const colors = { 'ferry-oob': '#1f6feb', 'ferry-inband': '#8ab4f8', msgpackr: '#e3a008', 'json-base64': '#b4b4b4' };
  const all = oob.rows.flatMap((r) => methods.map(([m]) => r[m].median));
  const lo = Math.log10(Math.max(1e-4, Math.min(...all)) / 2);
  const hi = Math.log10(Math.max(...all) * 2);
  const py = (ms) => y + h - ((Math.log10(Math.max(ms, 1e-4)) - lo) / (hi - lo)) * h;
  out.push(`<text x="${x}" y="${y - 28}" class="title">Large Float64Array: serialize + deserialize time (ms, log scale; lower is better)</text>`);
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
    out.push(`<line x1="${x}" x2="${x + w}" y1="${py(10 ** e)}" y2="${py(10 ** e)}" class="grid"/>`);
    out.push(`<text x="${x - 6}" y="${py(10 ** e) + 4}" class="tick" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toPrecision(1)}</text>`);
  }
  const gw = w / oob.rows.length;
  const bw = (gw * 0.7) / methods.length;
  oob.rows.forEach((r, i) => {
    const gx = x + i * gw + gw * 0.15;
    methods.forEach(([m], k) => {
      const top = py(r[m].median);
      out.push(`<rect x="${gx + k * bw}" y="${top}" width="${bw - 2}" height="${y + h - top}" fill="${colors[m] ?? '#888'}"/>`);
      const ms = r[m].median;
      const label = ms >= 1 ? ms.toFixed(1) : ms >= 0.01 ? ms.toFixed(3) : `${(ms * 1000).toFixed(1)} µs`;
      out.push(`<text x="${gx + k * bw + bw / 2}" y="${top - 4}" class="val" text-anchor="middle">${label}</text>`);
    });
    out.push(`<text x="${x + i * gw + gw / 2}" y="${y + h + 16}" class="ds" text-anchor="middle">${r.mib} MiB</text>`);
  });
  methods.forEach(([m, label], k) => {
    out.push(`<rect x="${x + k * 190}" y="${y + h + 30}" width="12" height="12" fill="${colors[m] ?? '#888'}"/>`);
    out.push(`<text x="${x + 16 + k * 190}" y="${y + h + 40}" class="tick">${esc(label)}</text>`);
  });
  return out.join('\n');
}

export function renderSvg(data) {
  const W = 1200;
  const hasOob = data.oob && !data.oob.error;
  const H = hasOob ? 820 : 440;
  const body = [ratioChart(data, { x: 70, y: 60, w: W - 100, h: 300 })];
  if (hasOob) body.push(oobChart(data.oob, { x: 70, y: 480, w: W - 100, h: 260 }));
  const date = `${data.date.slice(0, 16).replace('T', ' ')} UTC, Node ${data.machine.node}, ${data.machine.cores} cores${data.quick ? ', quick run' : ''}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<style>
 text { font-family: 'DejaVu Sans', Arial, sans-serif; fill: #222; }
 .title { font-size: 15px; font-weight: bold; } .tick { font-size: 11px; fill: #444; } .val { font-size: 10px; fill: #222; }
 .ds { font-size: 12px; font-weight: bold; } .grid { stroke: #e4e4e4; } .one { stroke: #d1242f; stroke-width: 1.5; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
${body.join('\n')}
<text x="${W - 10}" y="${H - 8}" class="tick" text-anchor="end">${esc(date)}</text>
</svg>`;
}

export async function writeChart(data, out = DEFAULT_PNG) {
  const svg = renderSvg(data);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: out, timeout: 30_000 });
  } finally {
    await browser.close();
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [src = DEFAULT_RESULTS, out = DEFAULT_PNG] = process.argv.slice(2);
  console.log(`wrote ${await writeChart(JSON.parse(readFileSync(src, 'utf8')), out)}`);
}
