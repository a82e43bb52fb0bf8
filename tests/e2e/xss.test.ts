import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS_VECTORS } from '../fixtures/xss-vectors.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from './support/browser.ts';
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

/** The fixture calls alert(); its twin sets a flag instead, which no dialog handler could miss. */
const FLAG = 'window.__xss=1';

function variants(markdown: string): string[] {
  const flagged = markdown.replaceAll('alert(1)', FLAG).replaceAll('alert(alt)', FLAG).replaceAll('alert&#40;1&#41;', FLAG);
  return flagged === markdown ? [markdown, `${markdown}\n\n<img src=x onerror="${FLAG}">`] : [markdown, flagged];
}

const PAYLOADS = XSS_VECTORS.flatMap((vector) =>
  variants(vector.markdown).map((markdown) => ({ name: vector.name, markdown })),
);

describe('posts written to attack the page, opened in Chromium', () => {
  it('shows every XSS vector as inert text and markup', async () => {
    const { app } = server;
    const world = await buildWorld(app);
    // Hundreds of posts from one new account: the spam limits are not what this test is about.
    await relaxLimits(app, world.admin);
    const { thread, post } = await startThread(app, world.member, world.forumId, {
      title: 'Vectores de XSS conocidos',
      body: `Cada respuesta lleva un vector (${PAYLOADS.length} en total).`,
    });
    for (const payload of PAYLOADS) await replyTo(app, world.member, thread.id, payload.markdown, post.id);

    // Without the site's Content-Security-Policy, so that only the sanitizer stands between the
    // vectors and the page: a CSP would hide a sanitizer failure.
    const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', bypassCSP: true });
    const [name, value] = world.member.cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    const consoleMessages: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
    // Nothing leaves for another host (an injected stylesheet, frame or image would).
    const foreignRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });

    await page.goto(`/t/${thread.id}`);
    await page.getByRole('heading', { level: 1, name: 'Vectores de XSS conocidos' }).waitFor();
    // More posts: a link to the next page that, with scripts, loads it in place (nearing it loads
    // the next page too, issue 16: the link may be busy when it is reached).
    const more = page.getByRole('link', { name: /^(Cargar más mensajes|Cargando…)$/ });
    for (let i = 0; i < 30 && (await more.isVisible()); i++) {
      // Replaced under the pointer when a page arrives: then the next round clicks again.
      await more.click({ timeout: 5_000 }).catch(() => undefined);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    }
    expect(await page.locator('article.post').count()).toBe(PAYLOADS.length + 1);

    // The live preview renders the same markup: every vector at once goes through it too.
    const composer = page.getByLabel('Su respuesta');
    await composer.fill(PAYLOADS.map((payload) => payload.markdown).join('\n\n'));
    await page.locator('#composer-body-preview .post-body').waitFor();

    // Scroll through it all and give timers and lazy loads inside the vectors a moment to fire.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(300);

    // Everything inside a post body (or the preview) that could run script or restyle the page.
    const dangers = await page.evaluate(() => {
      const forbidden =
        'script, iframe, frame, frameset, object, embed, svg, math, form, input, button, textarea, select, option, ' +
        'style, link, meta, base, img, video, audio, source, template, noscript, marquee, isindex, param';
      /** Where a link really goes: only the web and mail, and a relative link stays on this site. */
      const unsafeHref = (raw: string): boolean => {
        const url = new URL(raw, location.href);
        if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return true;
        return !/^(https?:|mailto:)/i.test(raw.trim()) && url.origin !== location.origin;
      };
      const found: string[] = [];
      for (const body of document.querySelectorAll('.post-body')) {
        for (const element of body.querySelectorAll(forbidden)) found.push(`<${element.localName}> element`);
        for (const element of body.querySelectorAll('*')) {
          for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith('on')) found.push(`${name} on <${element.localName}>`);
            if (name === 'style') found.push(`style on <${element.localName}>: ${attribute.value}`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'background', 'target'].includes(name)) {
              if (name !== 'href' || unsafeHref(attribute.value)) {
                found.push(`${name}="${attribute.value}" on <${element.localName}>`);
              }
            }
          }
        }
      }
      return found;
    });

    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(dangers).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(consoleMessages.filter((message) => /xss|alert/i.test(message))).toEqual([]);
    // The page still works after all of it: the composer posts.
    await composer.fill('Sigo aquí.');
    await page.getByRole('button', { name: 'Publicar la respuesta' }).click();
    await page.locator('article.post').nth(PAYLOADS.length + 1).getByText('Sigo aquí.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
