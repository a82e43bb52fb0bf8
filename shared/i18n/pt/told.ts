import type { esTold } from '../es/told.ts';

/** Told, not vanished: what moderators did to a member's post and why; reactions to their posts. */
export const ptTold: Record<keyof typeof esTold, string> = {
  'notifications.kind.post_hidden': 'Um moderador ocultou sua mensagem em «{thread}»',
  'notifications.kind.post_held': 'Sua mensagem em «{thread}» aguarda a aprovação de um moderador',
  'notifications.kind.post_rejected': 'Um moderador rejeitou sua mensagem em «{thread}»',
  'notifications.kind.thread_moved': 'Um moderador moveu seu tópico «{thread}» para «{community}»',
  'notifications.kind.thread_merged': 'Um moderador juntou seu tópico ao tópico «{thread}»',
  'notifications.kind.thread_split': 'Um moderador passou suas mensagens para um tópico novo: «{thread}»',
  'notifications.kind.reaction': '{actor} reagiu à sua mensagem em «{thread}»',
  'notifications.reactionOthers.one': '{actor} e mais {count} pessoa reagiram à sua mensagem em «{thread}»',
  'notifications.reactionOthers.other': '{actor} e mais {count} pessoas reagiram à sua mensagem em «{thread}»',
  'notifications.reason': 'Motivo: {reason}',
  'post.hiddenForAuthor': 'Um moderador ocultou esta mensagem: só você e os moderadores a veem.',
  'post.hiddenReason': 'Motivo: {reason}',
  'mailPrefs.reactionNotifications': 'Avisar-me quando alguém reagir às minhas mensagens (só no site, nunca por e-mail)',
};
