import { formatInZone } from '../../../lib/time-zone.ts';
import type { DigestParams } from '../../digests/builder.ts';
import type { MailSection } from '../layout.ts';
import type { MailTemplate } from '../templates.ts';

export type { DigestParams };

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
          meta: `${formatInZone(new Date(x.startsAt), p.locale, p.timeZone ?? null)} · ${x.community}${x.registered ? ` · ${t('mail.digest.registered')}` : ''}`,
        })),
      },
      { heading: t('mail.digest.resources'), items: p.resources.map((x) => ({ title: x.title, url: x.url, meta: x.sector })) },
      { heading: t('mail.digest.held'), items: p.held.map((x) => ({ title: x.title, url: x.url, meta: x.meta })) },
      { heading: t('mail.digest.news'), items: (p.news ?? []).map((x) => ({ title: x.title, url: x.url, excerpt: x.summary, meta: x.institution ?? undefined })) },
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
