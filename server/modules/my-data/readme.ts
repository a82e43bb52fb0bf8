import { translate, type Locale, type MessageKey } from '../../../shared/i18n/index.ts';

/** The files of an export, in the order the README explains them. */
const FILES = [
  'profile.json',
  'avatar.webp',
  'posts/',
  'posts.json',
  'threads.json',
  'reactions.json',
  'bookmarks.json',
  'drafts.json',
  'notifications.json',
  'sessions.json',
  'api-tokens.json',
  'consents.json',
  'memberships.json',
  'knowledge.json',
  'workshops.json',
  'workshop-messages.json',
] as const;

/** README.md of an export, in the member's language: what each file holds, and what it leaves out. */
export function readmeFor(locale: Locale): string {
  const t = (key: MessageKey) => translate(locale, key);
  const lines = [
    `# ${t('myData.readme.title')}`,
    '',
    t('myData.readme.intro'),
    '',
    ...FILES.map((file) => `- \`${file}\`: ${t(`myData.readme.file.${file}` as MessageKey)}`),
    '',
    t('myData.readme.others'),
    '',
  ];
  return lines.join('\n');
}
