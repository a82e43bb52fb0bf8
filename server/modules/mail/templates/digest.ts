import type { DigestParams } from '../../digests/builder.ts';
import type { MailSection } from '../layout.ts';
import type { MailTemplate } from '../templates.ts';

export type { DigestParams };

/** One formatter per language: making one is far dearer than using it (10,000 digests a run). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function when(iso: string, locale: string): string {
  let format = formatters.get(locale);
  if (!format) formatters.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })));
  return `${format.format(new Date(iso))} UTC`;
}

/** The digest: what is new in the member's communities, one section per kind, empty ones left out. */
const digest: MailTemplate<DigestParams> = {
  transactional: false,
  build: (p, t) => {
    const sections: MailSection[] = [
      {
        heading: t('mail.digest.threads'),
        items: p.threads.map((x) => ({ title: x.title, url: x.url, meta: t('mail.digest.threadMeta', { community: x.community, count: x.replies }) })),
      },
      { heading: t('mail.digest.posts'), items: p.posts.map((x) => ({ title: x.title, url: x.url, excerpt: x.excerpt || undefined })) },
      { heading: t('mail.digest.questions'), items: p.questions.map((x) => ({ title: x.title, url: x.url, meta: x.community })) },
      {
        heading: t('mail.digest.workshops'),
        items: p.workshops.map((x) => ({
          title: x.title,
          url: x.url,
          meta: `${when(x.startsAt, p.locale)} · ${x.community}${x.registered ? ` · ${t('mail.digest.registered')}` : ''}`,
        })),
      },
      { heading: t('mail.digest.resources'), items: p.resources.map((x) => ({ title: x.title, url: x.url, meta: x.sector })) },
      { heading: t('mail.digest.held'), items: p.held.map((x) => ({ title: x.title, url: x.url, meta: x.meta })) },
    ];
    return {
      subject: t(p.frequency === 'daily' ? 'mail.digest.subjectDaily' : 'mail.digest.subjectWeekly'),
      greeting: t('mail.digest.greeting', { name: p.displayName }),
      paragraphs: [t(p.frequency === 'daily' ? 'mail.digest.introDaily' : 'mail.digest.introWeekly')],
      sections: sections.filter((s) => s.items.length > 0),
      after: [t('mail.digest.why')],
      action: { label: t('mail.digest.settings'), url: p.settingsUrl },
    };
  },
};

export const digestTemplates = { digest };
