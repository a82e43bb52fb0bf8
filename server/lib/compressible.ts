/**
 * What is worth compressing, one rule for the server (on-the-fly compression, `Vary`) and the
 * build (precompressed assets).
 */

/** Below this many bytes compression saves less than the headers and CPU it costs. */
export const COMPRESSION_THRESHOLD = 1024;

/**
 * Text: HTML, CSS, JavaScript, JSON, XML (sitemaps, RSS, Atom), SVG, iCalendar, CSV. Images,
 * fonts, archives and PDFs are compressed already; an event stream must reach the reader as
 * it is written.
 */
const COMPRESSIBLE_TYPE = /^(?:text\/(?!event-stream)|application\/(?:[\w.-]+\+)?(?:json|xml|javascript|ecmascript)(?:;|$)|image\/svg\+xml)/i;

const COMPRESSIBLE_FILE = /\.(?:html?|css|[cm]?js|json|map|svg|xml|txt|webmanifest|ics|csv)$/i;

export function isCompressibleType(contentType: string): boolean {
  return COMPRESSIBLE_TYPE.test(contentType);
}

/** By file name; a precompressed variant (`.br`, `.gz`) counts as the file it encodes. */
export function isCompressibleFile(path: string): boolean {
  return COMPRESSIBLE_FILE.test(path.replace(/\.(?:br|gz)$/, ''));
}
