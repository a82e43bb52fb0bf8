import type { NewsItem } from '../../../../shared/schemas/news.ts';
import { absoluteUrl, personJsonLd, SCHEMA_CONTEXT, type JsonLd } from './json-ld.ts';

/** A news item as a schema.org `NewsArticle`: the institution it is from as its publisher's source. */
export function newsJsonLd(base: string, item: NewsItem): JsonLd {
  const url = absoluteUrl(base, `/news/${item.id}`);
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'NewsArticle',
    headline: item.title,
    description: item.summary,
    url,
    mainEntityOfPage: url,
    datePublished: item.publishedAt,
    dateModified: item.updatedAt,
    inLanguage: item.language,
    ...(item.image ? { image: absoluteUrl(base, item.image) } : {}),
    ...(item.author ? { author: personJsonLd(base, item.author) } : {}),
    ...(item.institution
      ? { sourceOrganization: { '@type': 'Organization', name: item.institution.name, url: absoluteUrl(base, `/knowledge/institutions/${item.institution.id}`) } }
      : {}),
    ...(item.topics.length > 0 ? { keywords: item.topics.map((topic) => topic.labels.en).join(', ') } : {}),
    commentCount: item.commentCount,
  };
}
