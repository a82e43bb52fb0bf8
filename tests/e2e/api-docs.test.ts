/**
 * The API reference page (issue 17, part 3) in a real browser: it renders the document from this
 * site under the site's content security policy (no violation, nothing fetched from elsewhere),
 * an area opens to its routes, and a member finds it from the settings page's API tokens.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the API reference', () => {
  it('renders from this site without breaking its content security policy, and lists the routes', async () => {
    const { page, pageErrors } = await newVisitor(browser, server.url);
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    await page.goto('/api/docs');
    await page.getByText('Minga API').first().waitFor();
    // The areas are listed (rendered as the reader scrolls); the filter finds one, with its routes.
    await page.locator('.opblock-tag', { hasText: /^health/ }).first().waitFor();
    await page.getByPlaceholder(/filter/i).fill('threads');
    await page.locator('.opblock-tag', { hasText: /^threads/ }).first().waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/api/threads/{id}/read' }).first().waitFor();
    expect(await page.locator('.opblock-tag', { hasText: /^health/ }).count()).toBe(0);
    expect(problems).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  it('is linked from the API tokens on the settings page', async () => {
    const account = await registerUser(server.app);
    const { page } = await signedInVisitor(browser, server.url, account);
    await page.goto('/settings');
    const link = page.getByRole('link', { name: /Referencia de la API/ });
    await link.click();
    await page.waitForURL(/\/api\/docs/);
    await page.getByText('Minga API').first().waitFor();
  });
});
