/** Reply by email and bounces: the mail back when a reply cannot be posted, the bounce banner. */
export const esInboundMail = {
  'mail.replyRefused.subject': 'Su respuesta por correo no se publicó',
  'mail.replyRefused.greeting': 'Hola, {name}:',
  'mail.replyRefused.intro': 'Recibimos su respuesta por correo («{subject}»), pero no pudimos publicarla en Minga.',
  'mail.replyRefused.reason': 'Motivo: {reason}',
  'mail.replyRefused.yourText': 'Su texto, por si quiere guardarlo:',
  'mail.replyRefused.action': 'Abrir Minga',
  'mail.replyRefused.empty': 'no encontramos texto nuevo en el mensaje (solo la cita del correo anterior).',
  'mail.replyRefused.wrongSender': 'la respuesta llegó desde {address}, que no es la dirección de su cuenta. Solo publicamos respuestas enviadas desde la dirección de su cuenta.',
  'mail.replyRefused.gone': 'la conversación ya no existe o usted ya no puede verla.',
  'outbox.kind.reply_refused': 'Respuesta por correo rechazada',
  'error.EMAIL_BOUNCES_NOT_FOUND': 'Esa cuenta no tiene rebotes de correo registrados.',
  'bounce.banner': 'Los correos que le enviamos a {email} vuelven rebotados, así que dejamos de enviarle correo. Corrija su dirección en la configuración.',
  'bounce.banner.action': 'Corregir la dirección',
} as const;
