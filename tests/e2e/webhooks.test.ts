/**
 * The admins' webhooks page in Chromium: an admin adds an endpoint pointing at a loopback
 * receiver, sees its secret once, pings it and finds the delivery in the log; a member cannot
 * open the page; axe finds nothing serious.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startReceiver, until } from '../helpers/webhook-receiver.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser, receiver] = await Promise.all([
    startTestServer({ webhooks: { allowPrivate: true }, webhookTiming: { pollMs: 100, backoffMs: [200] } }),
    launchBrowser(),
    startReceiver(),
  ]);
  w = await buildWorld(server.app);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

describe('the webhooks page', () => {
  it('an admin adds an endpoint, sees the secret once, pings it and sees the delivery', async () => {
    const { page, pageErrors } = await signedInVisitor(browser, server.url, w.admin);
    await page.goto('/admin/webhooks');
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Dirección (URL)').fill(receiver.url);
    await page.getByRole('checkbox', { name: 'report.created' }).check();
    await page.getByRole('button', { name: 'Añadir', exact: true }).click();
    const secret = await page.getByTestId('webhook-secret').textContent();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // The reader is taken to the secret (a screen reader announces its heading).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('webhook-secret-title');
    await expect.poll(() => page.getByRole('button', { name: 'Copiar' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Enviar ping' }).click();
    await until(() => receiver.received.find((h) => h.body.event === 'ping'));
    await page.getByRole('button', { name: 'Actualizar' }).click();
    const row = page.locator('tr[data-event="ping"]');
    await expect.poll(async () => (await row.count()) && (await row.getAttribute('data-status')), { timeout: 10_000 }).toBe('delivered');
    expect(await row.textContent()).toContain('204');
    expect(await seriousViolations(page)).toEqual([]);

    // The secret is shown only once: after a reload it is gone.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret!);
    expect(pageErrors).toEqual([]);
  });

  it('a member cannot open it', async () => {
    const { page } = await signedInVisitor(browser, server.url, w.member);
    await page.goto('/admin/webhooks');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Webhooks' }).count()).toBe(0);
    expect(await page.getByLabel('Dirección (URL)').count()).toBe(0);
  });
});
