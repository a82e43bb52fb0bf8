import type { esLongThreads } from '../es/long-threads.ts';

/** Long threads (issue 16, part 3): the timeline, the reader's place, keyboard shortcuts. */
export const ptLongThreads: Record<keyof typeof esLongThreads, string> = {
  'timeline.label': 'Linha do tempo do tópico',
  'timeline.position': '{current} de {total}',
  'timeline.positionLong': 'Mensagem {current} de {total}',
  'timeline.first': 'Primeira mensagem',
  'timeline.current': 'Mensagem à vista',
  'timeline.last': 'Última mensagem',
  'timeline.toStart': 'Ir para o início',
  'timeline.toLastRead': 'Ir para a última lida',
  'timeline.toEnd': 'Ir para o fim',
  'timeline.start': 'Início',
  'timeline.lastRead': 'Última leitura',
  'timeline.end': 'Fim',
  'thread.sinceLastVisit': 'Desde a sua última visita',
  'thread.earlierPosts': 'Mostrar mensagens anteriores',
  'shortcuts.title': 'Atalhos de teclado',
  'shortcuts.open': 'Atalhos de teclado (?)',
  'shortcuts.next': 'Mensagem seguinte',
  'shortcuts.previous': 'Mensagem anterior',
  'shortcuts.reply': 'Responder (leva à caixa de resposta)',
  'shortcuts.help': 'Mostrar esta lista',
  'shortcuts.close': 'Fechar esta janela',
  'shortcuts.note': 'Os atalhos não funcionam enquanto escreve num campo.',
};
