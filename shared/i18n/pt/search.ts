import type { esSearch } from '../es/search.ts';

/** The header search box (type-ahead) and "search this community". */
export const ptSearch: Record<keyof typeof esSearch, string> = {
  'search.box.label': 'Pesquisar no Minga',
  'search.box.placeholder': 'Pesquisar tópicos, recursos, perfis…',
  'search.box.hint': 'As sugestões aparecem enquanto você digita; use as setas para escolher e Enter para abrir.',
  'search.box.all': 'Ver todos os resultados de «{q}»',
  'search.box.suggestions': 'Sugestões',
  'search.box.count.one': '{count} sugestão',
  'search.box.count.other': '{count} sugestões',
  'search.box.none': 'Sem sugestões: pressione Enter para pesquisar em tudo.',
  'search.group.thread': 'Tópicos',
  'search.group.post': 'Mensagens',
  'search.group.resource': 'Recursos didáticos',
  'search.group.experience': 'Experiências',
  'search.group.profile': 'Perfis ocupacionais',
  'search.group.specialist': 'Especialistas',
  'search.group.institution': 'Instituições',
  'search.community.label': 'Pesquisar nesta comunidade',
  'search.community.placeholder': 'Palavras dos tópicos e mensagens',
  'search.community.only': 'Somente na comunidade {name}',
  'search.community.everywhere': 'Pesquisar em todo o Minga',
  'error.SEARCH_PREFIX_TOO_SHORT': 'Uma palavra que termina em * precisa de pelo menos {min} letras antes do *.',
  'error.SEARCH_TOO_MANY_PREFIXES': 'Use no máximo {max} palavras terminadas em *: escreva as outras por inteiro.',
};
