import type { esReads } from '../es/reads.ts';

/** Read tracking in the lists: new and unread marks, counts per forum and community, mark all read. */
export const ptReads: Record<keyof typeof esReads, string> = {
  'reads.new': 'novo',
  'reads.unread.one': '{count} não lida',
  'reads.unread.other': '{count} não lidas',
  'reads.unreadThreads.one': '{count} tópico não lido',
  'reads.unreadThreads.other': '{count} tópicos não lidos',
  'reads.newThreads.one': '{count} tópico novo',
  'reads.newThreads.other': '{count} tópicos novos',
  'reads.markForumRead': 'Marcar o fórum como lido',
  'reads.markCommunityRead': 'Marcar tudo como lido',
  'reads.marked.one': '{count} tópico marcado como lido.',
  'reads.marked.other': '{count} tópicos marcados como lidos.',
  'reads.markedNone': 'Não havia nada por ler.',
};
