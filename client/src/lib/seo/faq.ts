import type { FaqEntry } from '../../../../shared/schemas/faq.ts';
import { absoluteUrl, SCHEMA_CONTEXT, type JsonLd } from './json-ld.ts';
import { plainText } from './text.ts';

/** The FAQ page as schema.org `FAQPage`: each entry a `Question` with its accepted `Answer`. */
export function faqPageJsonLd(base: string, entries: FaqEntry[]): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'FAQPage',
    url: absoluteUrl(base, '/faq'),
    mainEntity: entries.map((entry) => ({
      '@type': 'Question',
      name: entry.question,
      acceptedAnswer: { '@type': 'Answer', text: plainText(entry.answerHtml), url: absoluteUrl(base, entry.threadUrl) },
    })),
  };
}
