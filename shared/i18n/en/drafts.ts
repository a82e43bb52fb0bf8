import type { esDrafts } from '../es/drafts.ts';

/** Drafts: saving as one types, restoring, the member's list, the leave-page question. */
export const enDrafts: Record<keyof typeof esDrafts, string> = {
  'error.DRAFT_NOT_FOUND': 'There is no draft here.',
  'draft.saving': 'Saving draft…',
  'draft.saved': 'Draft saved',
  'draft.failed': 'The draft could not be saved',
  'draft.restored': 'Your draft from {date} was restored.',
  'draft.discard': 'Discard the draft',
  'draft.leave': 'You have unposted text. Leave the page anyway?',
  'drafts.title': 'Drafts',
  'drafts.intro': 'What you started writing and have not posted yet. It is saved as you type, on any device.',
  'drafts.empty': 'You have no drafts.',
  'drafts.kind.thread': 'New thread in {place}',
  'drafts.kind.reply': 'Reply in {place}',
  'drafts.kind.edit': 'Edit of a post in {place}',
  'drafts.continue': 'Continue writing',
  'drafts.delete': 'Delete',
  'drafts.more': 'Show more',
  'drafts.link': 'My drafts',
};
