import type { MailTemplate } from '../templates.ts';

const template = <P>(definition: MailTemplate<P>) => definition;

/** What every workshop mail says of its workshop; `start` is already written in the recipient's language. */
interface WorkshopFacts {
  displayName: string;
  title: string;
  community: string;
  start: string;
  minutes: number;
  workshopUrl: string;
}

/**
 * Workshop mail and mailing-list mode. The confirmation answers the member's own act
 * (transactional, no unsubscribe); reminders, "the room is open" and list mail are not.
 */
export const workshopTemplates = {
  workshop_registered: template<WorkshopFacts>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.workshop.registered.subject', { title: p.title }),
      greeting: t('mail.workshop.greeting', { name: p.displayName }),
      paragraphs: [
        t('mail.workshop.registered.intro', { title: p.title, community: p.community }),
        t('mail.workshop.when', { start: p.start, minutes: p.minutes }),
        t('mail.workshop.registered.calendar'),
      ],
      action: { label: t('mail.workshop.action'), url: p.workshopUrl },
    }),
  }),

  workshop_reminder: template<WorkshopFacts & { before: '24h' | '1h' }>({
    transactional: false,
    build: (p, t) => ({
      subject: t(p.before === '24h' ? 'mail.workshop.reminder.subject.24h' : 'mail.workshop.reminder.subject.1h', { title: p.title }),
      greeting: t('mail.workshop.greeting', { name: p.displayName }),
      paragraphs: [
        t(p.before === '24h' ? 'mail.workshop.reminder.intro.24h' : 'mail.workshop.reminder.intro.1h', { title: p.title }),
        t('mail.workshop.when', { start: p.start, minutes: p.minutes }),
      ],
      action: { label: t('mail.workshop.action'), url: p.workshopUrl },
      after: [t('mail.workshop.reason')],
    }),
  }),

  workshop_room_open: template<WorkshopFacts>({
    transactional: false,
    build: (p, t) => ({
      subject: t('mail.workshop.open.subject', { title: p.title }),
      greeting: t('mail.workshop.greeting', { name: p.displayName }),
      paragraphs: [t('mail.workshop.open.intro', { title: p.title })],
      action: { label: t('mail.workshop.open.action'), url: p.workshopUrl },
      after: [t('mail.workshop.reason')],
    }),
  }),

  mailing_list_post: template<{ community: string; threadTitle: string; author: string; postHtml: string; postText: string; postUrl: string }>({
    transactional: false,
    build: (p, t) => ({
      subject: t('mail.mailingList.subject', { community: p.community, title: p.threadTitle }),
      paragraphs: [t('mail.mailingList.intro', { author: p.author, title: p.threadTitle })],
      post: { html: p.postHtml, text: p.postText },
      action: { label: t('mail.mailingList.action'), url: p.postUrl },
      after: [t('mail.mailingList.reason', { community: p.community })],
    }),
  }),
};
