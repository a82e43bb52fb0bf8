import type { esMailDigest } from '../es/mail-digest.ts';

/** Digests: the mail, the settings page's section, the Outbox page's label. */
export const enMailDigest: Record<keyof typeof esMailDigest, string> = {
  'mail.digest.subjectDaily': 'Today in your Minga communities',
  'mail.digest.subjectWeekly': 'This week in your Minga communities',
  'mail.digest.greeting': 'Hello {name},',
  'mail.digest.introDaily': 'Here is what happened in your communities since your last digest.',
  'mail.digest.introWeekly': 'Here is what happened in your communities this week.',
  'mail.digest.threads': 'Most active new threads',
  'mail.digest.threadMeta': '{community} · replies: {count}',
  'mail.digest.posts': 'Best posts',
  'mail.digest.questions': 'Unanswered questions in your expertise',
  'mail.digest.workshops': 'Upcoming workshops',
  'mail.digest.registered': 'you are registered',
  'mail.digest.resources': 'New resources in your sectors',
  'mail.digest.held': 'Your notifications',
  'mail.digest.why': 'You get this digest because you are a member of Minga. You can choose to get it daily, weekly or never.',
  'mail.digest.settings': 'Change how often you get the digest',
  'outbox.kind.digest': 'Digest',
  'settings.digest.title': 'Email digest',
  'settings.digest.lead': 'An email with the most active threads, the best posts, the workshops and the new resources of your communities. It is not sent when there is nothing new or when you were on Minga that day.',
  'settings.digest.frequency': 'Frequency',
  'settings.digest.daily': 'Daily',
  'settings.digest.weekly': 'Weekly',
  'settings.digest.never': 'Never',
  'settings.digest.save': 'Save the frequency',
  'settings.digest.saved': 'Preference saved.',
};
