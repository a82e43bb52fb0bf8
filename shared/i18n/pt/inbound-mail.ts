import type { esInboundMail } from '../es/inbound-mail.ts';

/** Reply by email and bounces: the mail back when a reply cannot be posted, the bounce banner. */
export const ptInboundMail: Record<keyof typeof esInboundMail, string> = {
  'mail.replyRefused.subject': 'Sua resposta por e-mail não foi publicada',
  'mail.replyRefused.greeting': 'Olá, {name}:',
  'mail.replyRefused.intro': 'Recebemos sua resposta por e-mail («{subject}»), mas não conseguimos publicá-la na Minga.',
  'mail.replyRefused.reason': 'Motivo: {reason}',
  'mail.replyRefused.yourText': 'Seu texto, caso queira guardá-lo:',
  'mail.replyRefused.action': 'Abrir a Minga',
  'mail.replyRefused.empty': 'não encontramos texto novo na mensagem (só a citação do e-mail anterior).',
  'mail.replyRefused.wrongSender': 'a resposta veio de {address}, que não é o endereço da sua conta. Só publicamos respostas enviadas do endereço da sua conta.',
  'mail.replyRefused.gone': 'a conversa não existe mais ou você não pode mais vê-la.',
  'outbox.kind.reply_refused': 'Resposta por e-mail recusada',
  'error.EMAIL_BOUNCES_NOT_FOUND': 'Essa conta não tem devoluções de e-mail registradas.',
  'bounce.banner': 'Os e-mails que enviamos para {email} estão voltando, então paramos de lhe enviar e-mails. Corrija seu endereço nas configurações.',
  'bounce.banner.action': 'Corrigir o endereço',
};
