import type { App } from '../../server/app.ts';
import { ORIGIN, registerUser } from './accounts.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let counter = 0;

/** A small HTTP client bound to one person's session, as the browser would send it. */
export function as(app: App, account: Account | null) {
  const headers = (extra: Record<string, string> = {}) => ({
    origin: ORIGIN,
    ...(account ? { cookie: account.cookie } : {}),
    ...extra,
  });
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: headers() }),
    post: (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: headers(), payload: payload ?? {} }),
    patch: (url: string, payload: object) => app.inject({ method: 'PATCH', url, headers: headers(), payload }),
    put: (url: string, payload?: object) => app.inject({ method: 'PUT', url, headers: headers(), ...(payload ? { payload } : {}) }),
    delete: (url: string) => app.inject({ method: 'DELETE', url, headers: headers() }),
  };
}

export interface World {
  admin: Account;
  moderator: Account;
  member: Account;
  outsider: Account;
  slug: string;
  forumId: number;
}

/**
 * An admin (the first account), a community with one forum, a moderator and a member in it,
 * and an outsider who belongs to nothing.
 */
export async function buildWorld(
  app: App,
  options: { visibility?: 'public' | 'private'; joinPolicy?: 'open' | 'approval'; admin?: Account } = {},
): Promise<World> {
  counter += 1;
  const admin = options.admin ?? (await registerUser(app));
  const moderator = await registerUser(app);
  const member = await registerUser(app);
  const outsider = await registerUser(app);
  const slug = `comunidad-${counter}`;
  const created = await as(app, admin).post('/api/communities', {
    slug,
    name: `Formación dual ${counter}`,
    description: 'Aprendices, empresas y centros de formación.',
    visibility: options.visibility ?? 'public',
    joinPolicy: options.joinPolicy ?? 'open',
  });
  if (created.statusCode !== 201) throw new Error(`community: ${created.body}`);
  await as(app, admin).post(`/api/communities/${slug}/members/${moderator.user.id}`, { role: 'moderator', status: 'active' });
  await as(app, admin).post(`/api/communities/${slug}/members/${member.user.id}`, { status: 'active' });
  const forum = await as(app, moderator).post(`/api/communities/${slug}/forums`, {
    slug: 'general',
    name: 'General',
    description: 'Conversación abierta',
  });
  if (forum.statusCode !== 201) throw new Error(`forum: ${forum.body}`);
  return { admin, moderator, member, outsider, slug, forumId: forum.json().forum.id };
}

export async function startThread(
  app: App,
  author: Account,
  forumId: number,
  payload: { title?: string; body?: string; kind?: 'discussion' | 'question'; language?: 'es' | 'pt' | 'en' } = {},
) {
  const response = await as(app, author).post(`/api/forums/${forumId}/threads`, {
    title: payload.title ?? '¿Cómo evalúan las competencias transversales?',
    body: payload.body ?? 'En nuestro centro usamos **rúbricas**. ¿Y ustedes?',
    kind: payload.kind ?? 'discussion',
    ...(payload.language ? { language: payload.language } : {}),
  });
  if (response.statusCode !== 201) throw new Error(`thread: ${response.statusCode} ${response.body}`);
  return response.json() as { thread: { id: number; firstPostId: number }; post: { id: number } };
}

export async function replyTo(app: App, author: Account, threadId: number, body: string, replyToPostId?: number) {
  const response = await as(app, author).post(`/api/threads/${threadId}/posts`, { body, ...(replyToPostId ? { replyToPostId } : {}) });
  if (response.statusCode !== 201) throw new Error(`reply: ${response.statusCode} ${response.body}`);
  return response.json().post as { id: number; bodyHtml: string };
}
