import type { esMailDigest } from '../es/mail-digest.ts';

/** Digests: the mail, the settings page's section, the Outbox page's label. */
export const ptMailDigest: Record<keyof typeof esMailDigest, string> = {
  'mail.digest.subjectDaily': 'Novidades do dia nas suas comunidades da Minga',
  'mail.digest.subjectWeekly': 'Novidades da semana nas suas comunidades da Minga',
  'mail.digest.greeting': 'Olá, {name}:',
  'mail.digest.introDaily': 'Eis o que aconteceu nas suas comunidades desde o seu último resumo.',
  'mail.digest.introWeekly': 'Eis o que aconteceu esta semana nas suas comunidades.',
  'mail.digest.threads': 'Tópicos novos mais ativos',
  'mail.digest.threadMeta': '{community} · respostas: {count}',
  'mail.digest.posts': 'Mensagens em destaque',
  'mail.digest.questions': 'Perguntas sem resposta na sua especialidade',
  'mail.digest.workshops': 'Próximas oficinas',
  'mail.digest.registered': 'inscrito',
  'mail.digest.resources': 'Recursos novos nos seus setores',
  'mail.digest.held': 'As suas notificações',
  'mail.digest.why': 'Recebe este resumo porque é membro da Minga. Pode escolher recebê-lo todos os dias, todas as semanas ou nunca.',
  'mail.digest.settings': 'Mudar a frequência do resumo',
  'outbox.kind.digest': 'Resumo',
  'settings.digest.title': 'Resumo por e-mail',
  'settings.digest.lead': 'Um e-mail com os tópicos mais ativos, as melhores mensagens, as oficinas e os recursos novos das suas comunidades. Não é enviado se não houver novidades nem se esteve na Minga nesse dia.',
  'settings.digest.frequency': 'Frequência',
  'settings.digest.daily': 'Todos os dias',
  'settings.digest.weekly': 'Todas as semanas',
  'settings.digest.never': 'Nunca',
  'settings.digest.save': 'Guardar a frequência',
  'settings.digest.saved': 'Preferência guardada.',
};
