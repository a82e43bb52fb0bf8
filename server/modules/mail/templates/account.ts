import type { MailTemplate } from '../templates.ts';

// Not imported from templates.ts: the registry imports this file (a cycle at load time).
const template = <P>(definition: MailTemplate<P>) => definition;

/** Mail about the account's own address: verification, someone else trying it, changing it. */
export const accountTemplates = {
  email_verify: template<{ displayName: string; username: string; verifyUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.emailVerify.subject'),
      greeting: t('mail.emailVerify.greeting', { name: p.displayName }),
      paragraphs: [t('mail.emailVerify.intro', { username: p.username })],
      action: { label: t('mail.emailVerify.action'), url: p.verifyUrl },
      after: [t('mail.emailVerify.expiry'), t('mail.emailVerify.ignore')],
    }),
  }),
  email_in_use: template<{ displayName: string; username: string; resetUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.emailInUse.subject'),
      greeting: t('mail.emailInUse.greeting', { name: p.displayName }),
      paragraphs: [t('mail.emailInUse.intro', { username: p.username }), t('mail.emailInUse.safe')],
      action: { label: t('mail.emailInUse.action'), url: p.resetUrl },
      after: [t('mail.emailInUse.ignore')],
    }),
  }),
  email_change_confirm: template<{ displayName: string; username: string; email: string; confirmUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.emailChange.subject'),
      greeting: t('mail.emailChange.greeting', { name: p.displayName }),
      paragraphs: [t('mail.emailChange.intro', { username: p.username, email: p.email })],
      action: { label: t('mail.emailChange.action'), url: p.confirmUrl },
      after: [t('mail.emailChange.expiry'), t('mail.emailChange.ignore')],
    }),
  }),
  email_change_notice: template<{ displayName: string; username: string; email: string; resetUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.emailChangeNotice.subject'),
      greeting: t('mail.emailChangeNotice.greeting', { name: p.displayName }),
      paragraphs: [t('mail.emailChangeNotice.intro', { username: p.username, email: p.email }), t('mail.emailChangeNotice.notYou')],
      action: { label: t('mail.emailChangeNotice.action'), url: p.resetUrl },
      after: [],
    }),
  }),
};
