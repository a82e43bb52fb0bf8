/** Told, not vanished: what moderators did to a member's post and why; reactions to their posts. */
export const esTold = {
  'notifications.kind.post_hidden': 'Un moderador ocultó su mensaje en «{thread}»',
  'notifications.kind.post_held': 'Su mensaje en «{thread}» espera la aprobación de un moderador',
  'notifications.kind.post_rejected': 'Un moderador rechazó su mensaje en «{thread}»',
  'notifications.kind.thread_moved': 'Un moderador movió su tema «{thread}» a «{community}»',
  'notifications.kind.thread_merged': 'Un moderador unió su tema al tema «{thread}»',
  'notifications.kind.thread_split': 'Un moderador pasó sus mensajes a un tema nuevo: «{thread}»',
  'notifications.kind.reaction': '{actor} reaccionó a su mensaje en «{thread}»',
  'notifications.reactionOthers.one': '{actor} y {count} persona más reaccionaron a su mensaje en «{thread}»',
  'notifications.reactionOthers.other': '{actor} y otras {count} personas reaccionaron a su mensaje en «{thread}»',
  /** The moderator's reason, shown to the author under the notification and on their hidden post. */
  'notifications.reason': 'Motivo: {reason}',
  'post.hiddenForAuthor': 'Un moderador ocultó este mensaje: solo usted y los moderadores lo ven.',
  'post.hiddenReason': 'Motivo: {reason}',
  'mailPrefs.reactionNotifications': 'Avisarme cuando alguien reaccione a mis mensajes (solo en el sitio, nunca por correo)',
} as const;
