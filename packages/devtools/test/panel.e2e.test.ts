/**
 * The panel in Debian's Chromium (playwright-core, no browser download): pages bundled with vite
 * from the built package, payloads pasted and dropped, tree/hex/search/size/diff driven like a
 * user would, and live captures from a running Nest app and tRPC server (through the capture
 * server's SSE endpoint) and from a tRPC client in another tab (through a BroadcastChannel).
 * Screenshots go to reports/screenshots/.
 */
import { rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from '../src/index.js';
import { startCaptureServer, type CaptureServer } from '../src/server/index.js';
import { TreeIndex } from '../src/react/tree-index.js';
import { bigPayload, buildPages, hex, orderBytes, Person, servePages, startNest, trpcHandler } from './e2e/fixtures.js';
import { Fory } from '@ferry/core';

const CHROMIUM = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../reports/screenshots');
/** Bounded waits for the UI: generous, since two cores are shared; never a timing assertion. */
const UI = { timeout: 30_000 };

let capture: CaptureServer;
let pagesDir: string;
let pages: { server: Server; origin: string };
let nest: { app: INestApplication; url: string };
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  capture = await startCaptureServer();
  pagesDir = await buildPages();
  pages = await servePages(pagesDir, trpcHandler(capture.hook));
  nest = await startNest(capture.hook);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: pages.origin });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await nest?.app.close();
  await new Promise((r) => pages?.server.close(r));
  await capture?.close();
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
});

async function openPanel(query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${pages.origin}/index.html${query}`);
  await page.getByTestId('ferry-panel').waitFor(UI);
  return { page, errors };
}

async function paste(page: Page, bytes: Uint8Array): Promise<void> {
  await page.getByLabel('Payload as hex or base64').fill(hex(bytes));
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
}

const matchCount = (n: number) => `${n} ${n === 1 ? 'match' : 'matches'}`;
const selectedPath = (page: Page) => page.locator('[role=treeitem][aria-selected=true]').getAttribute('data-path');
const highlighted = (page: Page) =>
  page.locator('[data-testid=hex] .fdt-b.fdt-in').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset['offset'])));

describe('pasted payloads', () => {
  const bytes = orderBytes();
  const index = new TreeIndex(inspect(bytes).root!);
  const pathOf = (i: number) => index.nodes[i]!.path;

  it('inspects, expands, searches, and keeps the tree and the hex view in sync', async () => {
    const { page, errors } = await openPanel('?channel=none-1');
    await paste(page, bytes);
    await page.locator('[role=treeitem]').first().waitFor(UI);

    // Expand all: every node becomes a row (the payload is small, so all are rendered).
    await page.getByRole('button', { name: 'Expand all' }).click();
    await expect.poll(() => page.locator('[role=treeitem]').count(), UI).toBe(index.size);
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await expect.poll(() => page.locator('[role=treeitem]').count(), UI).toBe(1 + index.nodes[0]!.children!.length);

    // Search: the count matches the model, hits are marked, Enter selects the first hit (revealing it).
    const hits = index.search('sku-2');
    expect(hits.length).toBeGreaterThan(0);
    await page.getByLabel('Search the tree').fill('sku-2');
    await expect.poll(() => page.getByTestId('match-count').textContent(), UI).toBe(matchCount(hits.length));
    await page.getByLabel('Search the tree').press('Enter');
    await expect.poll(() => selectedPath(page), UI).toBe(pathOf(hits[0]!));
    expect(await page.locator('[data-testid=tree] mark').count()).toBeGreaterThan(0);

    // Select a node → exactly its bytes are highlighted.
    const node = index.nodes[hits[0]!]!;
    const range = Array.from({ length: node.end - node.start }, (_, k) => node.start + k);
    await expect.poll(() => highlighted(page), UI).toEqual(range);
    await page.screenshot({ path: `${SCREENSHOTS}/panel-tree-hex.png` });

    // Click a byte → the deepest node containing it is selected (and revealed).
    const qty = index.nodes.findIndex((n) => n.path.endsWith('items[3].qty'));
    const target = index.nodes[qty]!;
    await page.locator(`[data-testid=hex] .fdt-b[data-offset="${target.end - 1}"]`).click();
    await expect.poll(() => selectedPath(page), UI).toBe(pathOf(index.deepestAt(target.end - 1)));
    expect(pathOf(index.deepestAt(target.end - 1))).toBe(target.path);

    // Keyboard: ← goes to the parent, → back to its first child, Home to the root.
    await page.getByTestId('tree').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => selectedPath(page), UI).toBe(pathOf(index.parent[qty]!));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => selectedPath(page), UI).toBe(pathOf(index.parent[qty]! + 1));
    await page.keyboard.press('Home');
    await expect.poll(() => selectedPath(page), UI).toBe(pathOf(0));

    // Copy path / value go to the clipboard.
    await page.keyboard.press('End');
    const last = await selectedPath(page);
    await page.getByRole('button', { name: 'Copy path' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), UI).toBe(last);

    // Size breakdown: rows per child, largest first; clicking one descends into it.
    await page.getByRole('button', { name: 'Size', exact: true }).click();
    const sizeRows = page.locator('[data-testid=size-view] [data-size-node]');
    await sizeRows.first().waitFor(UI);
    const names = await sizeRows.locator('.fdt-label').allTextContents();
    expect(names).toContain('items');
    await page.screenshot({ path: `${SCREENSHOTS}/panel-size.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('diffs two payloads and shows decoding errors with their offset', async () => {
    const { page, errors } = await openPanel('?channel=none-2');
    await paste(page, orderBytes(2));
    await paste(page, orderBytes(7, 5));
    await page.getByRole('button', { name: 'Diff', exact: true }).click();
    const changed = page.locator('[data-testid=diff-view] [data-diff=changed]');
    await changed.first().waitFor(UI);
    expect(await changed.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('$.items[1].qty')]));
    expect(await page.locator('[data-diff=added]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('$.items[4]')]));
    await page.screenshot({ path: `${SCREENSHOTS}/panel-diff.png` });

    // A truncated payload: the partial tree and an error naming the byte offset.
    await page.getByRole('button', { name: 'Tree', exact: true }).click();
    const full = orderBytes();
    await paste(page, full.subarray(0, full.length - 5));
    await expect.poll(() => page.getByTestId('inspect-error').textContent(), UI).toMatch(/at byte \d+/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('live capture', () => {
  it('shows what a running Nest app decoded and encoded (capture server → SSE)', async () => {
    const { page, errors } = await openPanel(`?channel=none-3&capture=${encodeURIComponent(capture.capturesUrl)}`);
    const fory = new Fory().register(Person);
    const res = await fetch(`${nest.url}/people`, {
      method: 'POST',
      body: fory.serialize({ name: 'Ann', age: 41 }, Person) as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/fory', accept: 'application/fory' },
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const entries = page.locator('[data-entry][data-source=nest]', { hasText: 'POST /people' });
    await expect.poll(() => entries.count(), UI).toBe(2);
    await entries.last().click(); // the request (newest first: the response is above it)
    await page.locator('[role=treeitem][data-path="$.name"]', { hasText: '"Ann"' }).waitFor(UI);
    await page.screenshot({ path: `${SCREENSHOTS}/panel-live-nest.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a browser tRPC client (BroadcastChannel) and its server (SSE) side by side', async () => {
    const { page, errors } = await openPanel(`?channel=e2e-trpc&capture=${encodeURIComponent(capture.capturesUrl)}`);
    const client = await context.newPage();
    await client.goto(`${pages.origin}/client.html?channel=e2e-trpc&name=Grace`);
    await expect.poll(() => client.locator('#out').textContent(), UI).toMatch(/^done .*Hello, Grace/);
    const trpc = page.locator('[data-entry][data-source=trpc]');
    // Client encode + decode (BroadcastChannel), server decode + encode (SSE).
    await expect.poll(() => trpc.count(), UI).toBe(4);
    const titles = await trpc.locator('.fdt-etitle').allTextContents();
    expect(titles.sort()).toEqual(['trpc decode', 'trpc decode', 'trpc encode', 'trpc encode']);
    await trpc.first().click();
    await page.locator('[data-testid=tree] [role=treeitem]').first().waitFor(UI);
    expect(errors).toEqual([]);
    await client.close();
    await page.close();
  });
});

describe('large payloads', () => {
  const big = bigPayload(70_000);
  const model = inspect(big);
  const modelIndex = new TreeIndex(model.root!);

  /** Opens `big` from a dropped file; returns the longest main-thread task while the panel inspected and showed it. */
  async function openBig(page: Page): Promise<{ longestTask: number; stats: string }> {
    await page.evaluate(() => {
      const w = window as unknown as { tasks: Array<[number, number]>; shownAt?: number; longTasks: PerformanceObserver };
      w.tasks = [];
      w.longTasks = new PerformanceObserver((list) => list.getEntries().forEach((e) => w.tasks.push([e.startTime, e.duration])));
      w.longTasks.observe({ type: 'longtask' });
      // When the panel shows "Inspecting…" (React's commit): the panel's own work starts after it.
      const watcher = new MutationObserver(() => {
        if (w.shownAt === undefined && /Inspecting /.test(document.body.textContent ?? '')) w.shownAt = performance.now();
      });
      watcher.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // Playwright builds the File in the page (a long task of its own), so only tasks after
    // "Inspecting…" appeared count.
    await page.locator('input[type=file]').setInputFiles({ name: 'items.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(big) });
    await page.getByTestId('stats').waitFor(UI);
    const longestTask = await page.evaluate(async () => {
      const w = window as unknown as { tasks: Array<[number, number]>; shownAt?: number; longTasks: PerformanceObserver };
      // Long tasks are reported after they end: let two frames pass, then take what is queued.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      w.longTasks.takeRecords().forEach((e) => w.tasks.push([e.startTime, e.duration]));
      const from = w.shownAt ?? 0;
      return Math.max(0, ...w.tasks.filter(([start, d]) => start + d > from).map(([, d]) => d));
    });
    return { longestTask, stats: (await page.getByTestId('stats').textContent()) ?? '' };
  }

  it('opens a 5 MB payload from a dropped file (inspected in a Web Worker) and stays virtualized', async () => {
    expect(big.length).toBeGreaterThan(5_000_000);
    const { page, errors } = await openPanel('?channel=none-4&worker=1');
    const { longestTask, stats } = await openBig(page);
    expect(stats).toContain(`${model.nodeCount} nodes`);
    expect(stats).toContain('(worker)');

    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.getByTestId('tree').focus();
    await page.keyboard.press('End');
    await expect.poll(() => selectedPath(page), UI).toBe(modelIndex.nodes.at(-1)!.path);
    // Only the rows in view are in the DOM, in the tree and in the hex view.
    expect(await page.locator('[role=treeitem]').count()).toBeLessThan(120);
    expect(await page.locator('[data-testid=hex] .fdt-row').count()).toBeLessThan(120);
    // The hex view followed the selection to the payload's last bytes.
    await expect.poll(() => highlighted(page), UI).toContain(big.length - 1);

    await page.getByLabel('Search the tree').fill('sku-069998');
    await expect.poll(() => page.getByTestId('match-count').textContent(), UI).toBe(matchCount(modelIndex.search('sku-069998').length));
    console.log(`5 MB payload, worker: ${big.length} bytes, ${model.nodeCount} nodes; ${stats}; longest main-thread task while opening ${longestTask.toFixed(0)} ms`);
    await page.screenshot({ path: `${SCREENSHOTS}/panel-5mb.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the same payload without a worker, in two tasks', async () => {
    const { page, errors } = await openPanel('?channel=none-6');
    const { longestTask, stats } = await openBig(page);
    expect(stats).toContain(`${model.nodeCount} nodes`);
    expect(stats).not.toContain('(worker)');
    console.log(`5 MB payload, main thread: ${stats}; longest main-thread task while opening ${longestTask.toFixed(0)} ms`);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('<FerryDevtools />', () => {
  it('opens the docked panel from the floating button', async () => {
    const page = await context.newPage();
    await page.goto(`${pages.origin}/devtools.html?channel=none-5`);
    await page.getByTestId('ferry-devtools-toggle').click();
    await page.getByRole('dialog', { name: 'Ferry devtools' }).waitFor(UI);
    await paste(page, orderBytes());
    await page.locator('[role=treeitem]').first().waitFor(UI);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.locator('[role=treeitem]', { hasText: 'customer' }).first().click();
    await page.screenshot({ path: `${SCREENSHOTS}/devtools-docked.png` });
    await page.getByRole('button', { name: 'Close Ferry devtools' }).click();
    await page.getByTestId('ferry-devtools-toggle').waitFor(UI);
    await page.close();
  });
});
