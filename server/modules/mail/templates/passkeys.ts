import type { MailTemplate } from '../templates.ts';

// Not imported from templates.ts: the registry imports this file (a cycle at load time).
const template = <P>(definition: MailTemplate<P>) => definition;

type PasskeyNotice = { displayName: string; username: string; name: string; settingsUrl: string };

/** Notices to the account's owner when a way in (a passkey) is added or removed. */
export const passkeyTemplates = {
  passkey_added: template<PasskeyNotice>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.passkeyAdded.subject'),
      greeting: t('mail.passkeyAdded.greeting', { name: p.displayName }),
      paragraphs: [t('mail.passkeyAdded.intro', { passkey: p.name, username: p.username })],
      action: { label: t('mail.passkeyAdded.action'), url: p.settingsUrl },
      after: [t('mail.passkeyAdded.notYou')],
    }),
  }),
  passkey_removed: template<PasskeyNotice>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.passkeyRemoved.subject'),
      greeting: t('mail.passkeyRemoved.greeting', { name: p.displayName }),
      paragraphs: [t('mail.passkeyRemoved.intro', { passkey: p.name, username: p.username })],
      action: { label: t('mail.passkeyRemoved.action'), url: p.settingsUrl },
      after: [t('mail.passkeyRemoved.notYou')],
    }),
  }),
};
