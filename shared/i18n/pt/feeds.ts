import type { esFeeds } from '../es/feeds.ts';

/** Feeds (RSS): their titles and descriptions, and the links that offer them on the pages. */
export const ptFeeds: Record<keyof typeof esFeeds, string> = {
  'feeds.latest.title': 'Minga: tópicos novos',
  'feeds.latest.description': 'Os tópicos novos das comunidades abertas da rede.',
  'feeds.community.title': '{name}: tópicos novos',
  'feeds.forum.title': '{forum} · {community}: tópicos novos',
  'feeds.thread.title': '{title}: respostas',
  'feeds.thread.description': 'As respostas mais recentes ao tópico «{title}».',
  'feeds.post.title': 'Resposta de {name} (n.º {number}) em «{title}»',
  'feeds.knowledge.title': 'Minga: {kind}',
  'feeds.knowledge.description': 'O mais recente de {kind} na rede, com os filtros escolhidos.',
  'feeds.workshops.title': 'Minga: oficinas e reuniões',
  'feeds.workshops.description': 'Oficinas, reuniões técnicas e seminários abertos da rede.',
  'feeds.workshop.when': 'De {starts} a {ends} (UTC)',
  'feeds.subscribe': 'Assinar (RSS)',
  'feeds.subscribeTo': 'Assinar {name} por RSS',
};
