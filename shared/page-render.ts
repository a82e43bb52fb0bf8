import type { SessionInfo } from './schemas/session.ts';

/**
 * The contract between the server's page routes and the client's server-rendering entry
 * (client/src/entry-server.ts, built by Vite into dist/ssr): what a render needs and returns.
 */

/** One API answer as the JSON route gave it. */
export interface PreloadedAnswer {
  status: number;
  body: unknown;
}

/** API answers by the exact path and query the page asks for (`/api/threads/12`). */
export type PreloadedAnswers = Record<string, PreloadedAnswer>;

/** What the page embeds for the browser to hydrate from, without asking again. */
export interface PageData {
  session: SessionInfo;
  publicUrl: string;
  answers: PreloadedAnswers;
}

/** The id of the `<script type="application/json">` element holding the PageData. */
export const PAGE_DATA_ID = 'minga-page';

export interface PageRenderInput {
  /** Path and query of the page (`/t/12?page=2`). */
  url: string;
  session: SessionInfo;
  publicUrl: string;
  /** Answers these GETs (with the reader's own session, through the JSON API's routes). */
  fetch(paths: string[]): Promise<PreloadedAnswers>;
}

export type PageRenderResult =
  | { kind: 'redirect'; status: 301 | 302; location: string }
  | {
      kind: 'page';
      status: 200 | 404;
      /** The language of the page's content, for `<html lang>`, when it has one. */
      lang: string | null;
      head: string;
      body: string;
      data: PageData;
      /** The page's module in the client build's manifest (its chunk is preloaded), when a route matched. */
      source: string | null;
    };

/** `renderPage` of the built SSR entry. */
export type RenderPage = (input: PageRenderInput) => Promise<PageRenderResult>;
