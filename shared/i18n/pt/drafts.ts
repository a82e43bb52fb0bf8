import type { esDrafts } from '../es/drafts.ts';

/** Drafts: saving as one types, restoring, the member's list, the leave-page question. */
export const ptDrafts: Record<keyof typeof esDrafts, string> = {
  'error.DRAFT_NOT_FOUND': 'Não há nenhum rascunho aqui.',
  'draft.saving': 'Salvando rascunho…',
  'draft.saved': 'Rascunho salvo',
  'draft.failed': 'Não foi possível salvar o rascunho',
  'draft.restored': 'Seu rascunho de {date} foi recuperado.',
  'draft.discard': 'Descartar o rascunho',
  'draft.leave': 'Você tem texto não publicado. Sair da página mesmo assim?',
  'drafts.title': 'Rascunhos',
  'drafts.intro': 'O que você começou a escrever e ainda não publicou. É salvo enquanto você escreve, em qualquer dispositivo.',
  'drafts.empty': 'Você não tem rascunhos.',
  'drafts.kind.thread': 'Novo tópico em {place}',
  'drafts.kind.reply': 'Resposta em {place}',
  'drafts.kind.edit': 'Edição de uma mensagem em {place}',
  'drafts.continue': 'Continuar escrevendo',
  'drafts.delete': 'Apagar',
  'drafts.more': 'Ver mais',
  'drafts.link': 'Meus rascunhos',
};
