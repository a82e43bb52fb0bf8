/** Read tracking in the lists: new and unread marks, counts per forum and community, mark all read. */
export const esReads = {
  'reads.new': 'nuevo',
  'reads.unread.one': '{count} sin leer',
  'reads.unread.other': '{count} sin leer',
  'reads.unreadThreads.one': '{count} tema sin leer',
  'reads.unreadThreads.other': '{count} temas sin leer',
  'reads.newThreads.one': '{count} tema nuevo',
  'reads.newThreads.other': '{count} temas nuevos',
  'reads.markForumRead': 'Marcar el foro como leído',
  'reads.markCommunityRead': 'Marcar todo como leído',
  'reads.marked.one': '{count} tema marcado como leído.',
  'reads.marked.other': '{count} temas marcados como leídos.',
  'reads.markedNone': 'No quedaba nada sin leer.',
} as const;
