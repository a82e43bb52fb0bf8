/**
 * What opening a long thread costs a phone: a signed-in member opens a thread of 50 posts
 * (Markdown, some reactions, a few replies to earlier posts) in Chromium with the CPU slowed
 * 4x, and we read the main thread's work from the DevTools protocol (Performance.getMetrics
 * around the navigation: script, all tasks, layout, style) and the long tasks the page saw
 * (blocking time: the part of each task over 50 ms). Also printed: the page's DOM nodes, the
 * focusable elements in the posts and the Tab presses from the first post to the reply box.
 * A trace of the same visit splits the renderer's main-thread tasks into script (hydration
 * runs in microtasks), style, layout, paint and HTML parsing; with five helpers sharing two
 * cores, the median of several visits is what to compare.
 * Aim (issue 15): well under 1.6 s of main-thread work. Tiny mode: 10 posts, no throttling,
 * one visit. Nothing here is a timed assertion.
 *
 * Before/after: MINGA_BENCH_BASELINE=<dir> names the dist/client of another build (its dist/ssr
 * beside it), for instance main's:
 *   mkdir /tmp/base && git archive main | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
 *   (cd /tmp/base && npx vite build && npx vite build --ssr src/entry-server.ts)
 *   MINGA_BENCH=full MINGA_BENCH_BASELINE=/tmp/base/dist/client npx vitest run tests/bench/thread-render.bench.ts
 * A second server renders the same thread with it, and the visits alternate between the two,
 * so both columns share whatever else the machine is doing. MINGA_BENCH_VISITS sets how many
 * visits each (default 5); with other work on the machine, compare the minimum too.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';
import { launchBrowser, newVisitor } from '../e2e/support/browser.ts';
import { threadWeight } from '../e2e/support/focusables.ts';
import { buildLongThread, type LongThread } from '../helpers/long-thread.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { FULL, sizes } from './measure.ts';

const POSTS = sizes({ tiny: 10, full: 50 });
const THROTTLE = sizes({ tiny: 1, full: 4 });
const VISITS = Number(process.env.MINGA_BENCH_VISITS) || sizes({ tiny: 1, full: 5 });

const BASELINE = process.env.MINGA_BENCH_BASELINE;

interface Build {
  label: string;
  server: TestServer;
  thread: LongThread;
}

let browser: Browser;
const builds: Build[] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  browser = await launchBrowser();
  const wanted: Array<[string, string | undefined]> = BASELINE ? [['baseline', BASELINE], ['this build', undefined]] : [['this build', undefined]];
  for (const [label, clientDir] of wanted) {
    const server = await startTestServer(clientDir ? { clientDir } : {});
    process.stdout.write(`[bench] thread-render: preparing a thread of ${POSTS} posts (${label})\n`);
    builds.push({ label, server, thread: await buildLongThread(server.app, POSTS) });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  for (const build of builds) await build.server.close();
});

interface Visit {
  traceCpuMs: number;
  traceTasksMs: number;
  traceScriptMs: number;
  traceStyleMs: number;
  traceLayoutMs: number;
  tracePaintMs: number;
  traceParseMs: number;
  scriptMs: number;
  taskMs: number;
  layoutMs: number;
  styleMs: number;
  blockingMs: number;
  longTasks: number;
}

const METRICS = { scriptMs: 'ScriptDuration', taskMs: 'TaskDuration', layoutMs: 'LayoutDuration', styleMs: 'RecalcStyleDuration' } as const;

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/** One visit to the thread from a page of the same site (same renderer, so the counters add up). */
async function visit(page: Page, cdp: CDPSession, threadId: number): Promise<Visit> {
  await page.goto('/robots.txt');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8.execute', transferMode: 'ReturnAsStream' });
  const before = await metrics(cdp);
  await page.goto(`/t/${threadId}`, { waitUntil: 'load' });
  // A plain CSS query: Playwright's label lookup would add its own work to the page's.
  await page.locator('#composer-body').waitFor();
  await page.waitForLoadState('networkidle');
  // Let the last effects and a frame run before reading the counters.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  const after = await metrics(cdp);
  const trace = mainThreadWork(await endTrace(cdp));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const seconds = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    ...trace,
    scriptMs: seconds(METRICS.scriptMs),
    taskMs: seconds(METRICS.taskMs),
    layoutMs: seconds(METRICS.layoutMs),
    styleMs: seconds(METRICS.styleMs),
    blockingMs: longTasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
    longTasks: longTasks.length,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread clock: the CPU time the thread actually ran, whatever else the machine did. */
  tts?: number;
  tdur?: number;
  args?: { name?: string };
}

async function endTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream!)));
  await cdp.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** The busiest renderer main thread's tasks, and what they spent it on (ms). */
function mainThreadWork(events: TraceEvent[]) {
  const mains = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  // Time covered by these events on that thread; nested ones (a microtask checkpoint inside a call) count once.
  const sum = (pid: number, tid: number, names: string[], clock: 'wall' | 'cpu' = 'wall') => {
    const spans = events
      .filter((event) => event.ph === 'X' && event.pid === pid && event.tid === tid && names.includes(event.name))
      .filter((event) => clock === 'wall' || event.tts !== undefined)
      .map((event) => (clock === 'wall' ? [event.ts, event.ts + (event.dur ?? 0)] : [event.tts!, event.tts! + (event.tdur ?? 0)]) as [number, number])
      .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [start, stop] of spans) {
      if (stop <= end) continue;
      total += stop - Math.max(start, end);
      end = stop;
    }
    return total / 1000;
  };
  const tasks = ['ThreadControllerImpl::RunTask'];
  const main = mains.map(({ pid, tid }) => ({ pid, tid, total: sum(pid, tid, tasks) })).sort((a, b) => b.total - a.total)[0];
  if (!main) return { traceCpuMs: 0, traceTasksMs: 0, traceScriptMs: 0, traceStyleMs: 0, traceLayoutMs: 0, tracePaintMs: 0, traceParseMs: 0 };
  return {
    traceTasksMs: main.total,
    traceCpuMs: sum(main.pid, main.tid, tasks, 'cpu'),
    traceScriptMs: sum(main.pid, main.tid, ['RunMicrotasks', 'FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'TimerFire', 'EventDispatch']),
    traceStyleMs: sum(main.pid, main.tid, ['UpdateLayoutTree']),
    traceLayoutMs: sum(main.pid, main.tid, ['Layout']),
    tracePaintMs: sum(main.pid, main.tid, ['Paint', 'PrePaint', 'Layerize']),
    traceParseMs: sum(main.pid, main.tid, ['ParseHTML']),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface Reader {
  build: Build;
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  cdp: CDPSession;
  visits: Visit[];
}

/** The thread's member in a browser of their own, long tasks recorded from the first script on. */
async function readerOf(build: Build): Promise<Reader> {
  const { context, page, pageErrors } = await newVisitor(browser, build.server.url);
  const [name, value] = build.thread.world.member.cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: build.server.url }]);
  await page.addInitScript(() => {
    const durations: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = durations;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { build, context, page, pageErrors, cdp, visits: [] };
}

it(`measures a signed-in member opening a ${POSTS}-post thread`, async () => {
  const readers = await Promise.all(builds.map(readerOf));
  // A first visit fills the HTTP and code caches, as a returning reader's phone has them.
  for (const reader of readers) await visit(reader.page, reader.cdp, reader.build.thread.threadId);
  for (let i = 0; i < VISITS; i += 1) {
    for (const reader of readers) reader.visits.push(await visit(reader.page, reader.cdp, reader.build.thread.threadId));
  }
  const weights = [];
  for (const reader of readers) {
    const weight = await threadWeight(reader.page);
    expect(weight.posts).toBe(POSTS);
    expect(reader.pageErrors).toEqual([]);
    weights.push(weight);
    await reader.context.close();
  }

  const cell = (text: string) => text.padStart(readers.length > 1 ? 14 : 8);
  const line = (label: string, cells: string[]) => `  ${label.padEnd(42)}${cells.map(cell).join('')}`;
  const row = (label: string, key: keyof Visit, unit = 'ms') =>
    line(label, readers.map((reader) => `${median(reader.visits.map((v) => v[key])).toFixed(0)} ${unit}`)) +
    (VISITS > 1 ? `   min ${readers.map((reader) => Math.min(...reader.visits.map((v) => v[key])).toFixed(0)).join(' | ')}` : '') +
    (VISITS > 1 && VISITS <= 5 ? `   (${readers.map((reader) => reader.visits.map((v) => v[key].toFixed(0)).join(', ')).join(' | ')})` : '');
  process.stdout.write(
    `\n[bench] thread-render (${FULL ? 'full' : 'tiny smoke'}: ${POSTS} posts, signed-in member, CPU ${THROTTLE}x, median of ${VISITS})\n` +
      (readers.length > 1 ? `${line('', readers.map((reader) => reader.build.label))}\n` : '') +
      [
        line('DOM nodes', weights.map((w) => String(w.domNodes))),
        line('focusable elements in the posts', weights.map((w) => String(w.focusablesInPosts))),
        line('  per post', weights.map((w) => (w.focusablesInPosts / w.posts).toFixed(1))),
        line('Tab presses, first post → reply box', weights.map((w) => String(w.tabsToComposer))),
        row('trace: main-thread tasks', 'traceTasksMs'),
        row('trace: main-thread CPU time (thread clock)', 'traceCpuMs'),
        row('trace:   script (incl. hydration)', 'traceScriptMs'),
        row('trace:   style', 'traceStyleMs'),
        row('trace:   layout', 'traceLayoutMs'),
        row('trace:   paint', 'tracePaintMs'),
        row('trace:   HTML parsing', 'traceParseMs'),
        row('main-thread tasks (TaskDuration)', 'taskMs'),
        row('script (ScriptDuration)', 'scriptMs'),
        row('layout (LayoutDuration)', 'layoutMs'),
        row('style (RecalcStyleDuration)', 'styleMs'),
        row('blocking time (long tasks > 50 ms)', 'blockingMs'),
        row('long tasks', 'longTasks', ''),
      ].join('\n') +
      '\n',
  );
});
