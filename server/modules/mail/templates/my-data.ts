import type { MailTemplate } from '../templates.ts';

// Not imported from templates.ts: the registry imports this file (a cycle at load time).
const template = <P>(definition: MailTemplate<P>) => definition;

/** "Your data is ready": the member asked for it, so it is always sent (issue 19). */
export const myDataTemplates = {
  my_data_export: template<{ displayName: string; downloadUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.myDataExport.subject'),
      greeting: t('mail.myDataExport.greeting', { name: p.displayName }),
      paragraphs: [t('mail.myDataExport.intro')],
      action: { label: t('mail.myDataExport.action'), url: p.downloadUrl },
      after: [t('mail.myDataExport.expiry'), t('mail.myDataExport.ignore')],
    }),
  }),
};
