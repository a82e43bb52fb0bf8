/** Feeds (RSS): their titles and descriptions, and the links that offer them on the pages. */
export const esFeeds = {
  'feeds.latest.title': 'Minga: temas nuevos',
  'feeds.latest.description': 'Los temas nuevos de las comunidades abiertas de la red.',
  'feeds.community.title': '{name}: temas nuevos',
  'feeds.forum.title': '{forum} · {community}: temas nuevos',
  'feeds.thread.title': '{title}: respuestas',
  'feeds.thread.description': 'Las respuestas más recientes al tema «{title}».',
  'feeds.post.title': 'Respuesta de {name} (n.º {number}) en «{title}»',
  'feeds.knowledge.title': 'Minga: {kind}',
  'feeds.knowledge.description': 'Lo más reciente de {kind} en la red, con los filtros elegidos.',
  'feeds.workshops.title': 'Minga: talleres y reuniones',
  'feeds.workshops.description': 'Talleres, reuniones técnicas y seminarios abiertos de la red.',
  'feeds.workshop.when': 'Del {starts} al {ends} (UTC)',
  'feeds.subscribe': 'Suscribirse (RSS)',
  'feeds.subscribeTo': 'Suscribirse a {name} por RSS',
} as const;
