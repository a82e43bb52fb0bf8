import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGE_DATA_ID, type PageRenderResult, type RenderPage } from '../../shared/page-render.ts';

/** The client build's manifest: each module's chunk and the chunks it imports. */
type Manifest = Record<string, { file: string; imports?: string[]; css?: string[] }>;

/**
 * The built pieces of a server-rendered page: the page renderer (dist/ssr, Vite's SSR build of
 * the client), the HTML shell around it (dist/client/index.html, which links the entry script
 * and the stylesheet) and the manifest that names each page's chunk, so the HTML can ask for it
 * at once instead of after the entry script has run.
 */
export interface PageRenderer {
  render: RenderPage;
  /** The page without server rendering: the app loads everything itself. */
  shell: string;
  /** The whole HTML document for a rendered page. */
  document(result: Extract<PageRenderResult, { kind: 'page' }>, locale: string): string;
}

/** Loads the renderer, or undefined when the client has not been built (API-only tests). */
export async function loadPageRenderer(clientDir: string | undefined): Promise<PageRenderer | undefined> {
  if (!clientDir) return undefined;
  const entry = join(clientDir, '..', 'ssr', 'entry-server.js');
  const shellFile = join(clientDir, 'index.html');
  if (!existsSync(entry) || !existsSync(shellFile)) return undefined;
  const module = (await import(pathToFileURL(entry).href)) as { renderPage: RenderPage };
  const shell = readFileSync(shellFile, 'utf8');
  const manifestFile = join(clientDir, '.vite', 'manifest.json');
  const manifest: Manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {};
  const preloads = new Map<string, string>();

  // The shell cut once around the places a page fills: a page is then one concatenation.
  const [beforeLang, afterLang] = cut(shell, /<html lang="[^"]*">/);
  const [headStart, headEnd] = cut(afterLang, '<!--ssr-head-->');
  const [bodyStart, bodyEnd] = cut(headEnd, '<!--ssr-body-->');
  const [appEnd, documentEnd] = cut(bodyEnd, '</body>');
  const headWithoutTitle = headStart.replace(/<title>[^<]*<\/title>\s*/, '');

  return {
    render: module.renderPage,
    shell: beforeLang + '<html lang="es">' + headStart + headEnd.replace('<!--ssr-body-->', ''),
    document(result, locale) {
      // The page's chunk and the reader's message catalog, asked for at once (no waterfall after the entry script).
      const catalog = `../shared/i18n/${result.data.session.locale}.ts`;
      const key = `${result.source ?? ''}|${catalog}`;
      let links = preloads.get(key);
      if (links === undefined) {
        links = chunkLinks(manifest, result.source) + chunkLinks(manifest, catalog);
        preloads.set(key, links);
      }
      return [
        beforeLang,
        `<html lang="${escapeAttribute(result.lang ?? locale)}">`,
        result.head.includes('<title') ? headWithoutTitle : headStart,
        result.head,
        links,
        bodyStart,
        result.body,
        appEnd,
        `<script type="application/json" id="${PAGE_DATA_ID}">${jsonForScript(result.data)}</script>\n  </body>`,
        documentEnd,
      ].join('');
    },
  };
}

/** The text before and after the first `marker`. */
function cut(text: string, marker: string | RegExp): [string, string] {
  const found = typeof marker === 'string' ? { index: text.indexOf(marker), length: marker.length } : (() => {
    const match = marker.exec(text);
    return { index: match ? match.index : -1, length: match ? match[0].length : 0 };
  })();
  if (found.index < 0) throw new Error(`the page shell lacks ${String(marker)}`);
  return [text.slice(0, found.index), text.slice(found.index + found.length)];
}

/** `<link rel="modulepreload">` for a page's chunk and every chunk it imports, once each. */
function chunkLinks(manifest: Manifest, source: string | null): string {
  if (!source || !manifest[source]) return '';
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    chunk.imports?.forEach(visit);
  };
  visit(source);
  return [...files].map((file) => `\n    <link rel="modulepreload" crossorigin href="/${file}" />`).join('');
}

/** JSON inside a `<script>` element: nothing in it can close the element or start a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(value: string): string {
  return value.replace(/[^A-Za-z0-9-]/g, '');
}
