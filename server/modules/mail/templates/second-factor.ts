import type { MailTemplate } from '../templates.ts';

// Not imported from templates.ts: the registry imports this file (a cycle at load time).
const template = <P>(definition: MailTemplate<P>) => definition;

/** A second factor turned on or off: the member hears of it, in case it was not them. */
export const secondFactorTemplates = {
  second_factor_changed: template<{ displayName: string; username: string; enabled: boolean; settingsUrl: string; resetUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: p.enabled ? t('mail.secondFactorOn.subject') : t('mail.secondFactorOff.subject'),
      greeting: t('mail.secondFactor.greeting', { name: p.displayName }),
      paragraphs: [
        p.enabled ? t('mail.secondFactorOn.intro', { username: p.username }) : t('mail.secondFactorOff.intro', { username: p.username }),
        t('mail.secondFactor.sessions'),
      ],
      action: { label: t('mail.secondFactor.action'), url: p.settingsUrl },
      after: [t('mail.secondFactor.notYou', { resetUrl: p.resetUrl })],
    }),
  }),
};
