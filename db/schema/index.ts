export * from './communities.ts';
export * from './discussions.ts';
export * from './geo.ts';
export * from './users.ts';
export * from './notifications.ts';
export * from './knowledge.ts';
export * from './files.ts';
export * from './moderation.ts';
