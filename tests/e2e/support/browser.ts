import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** `extraArgs`: more Chromium flags (the Lighthouse bench opens a DevTools port). */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * A fresh visitor whose browser asks for Spanish (Accept-Language), as most of the network's
 * members do. Page errors are collected so a test can insist there were none.
 */
export async function newVisitor(
  browser: Browser,
  baseURL: string,
  locale = 'es-ES',
): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ baseURL, locale });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // A 4xx answer the page handles (a wrong password) is logged by Chromium too; not a fault.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(message.text());
    }
  });
  return { context, page, pageErrors };
}

/** A visitor already signed in as this person (their session cookie, as after a login). */
export async function signedInVisitor(browser: Browser, baseURL: string, account: { cookie: string }) {
  const visitor = await newVisitor(browser, baseURL);
  const [name, value] = account.cookie.split('=');
  await visitor.context.addCookies([{ name: name!, value: value!, url: baseURL }]);
  return visitor;
}
