/**
 * One simulated person for the soak: signs in, keeps a live socket, and until the end browses
 * communities, forums, threads and the knowledge bases, searches, and now and then posts,
 * expecting to see their own post arrive live in the thread they follow.
 */
import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';

export interface Catalogue {
  /** Public open communities: slug and the forums with some thread ids. */
  communities: { slug: string; forums: { id: number; threads: number[] }[] }[];
  words: string[];
  countries: string[];
}

export class Tally {
  readonly latencies = new Map<string, number[]>();
  /** Latencies of what started after the arrival of everyone (the sign-in surge). */
  readonly steady = new Map<string, number[]>();
  steadyFrom = Number.POSITIVE_INFINITY;
  readonly errors = new Map<string, number>();
  readonly samples: string[] = [];

  record(kind: string, ms: number): void {
    const push = (map: Map<string, number[]>) => {
      let list = map.get(kind);
      if (!list) map.set(kind, (list = []));
      list.push(ms);
    };
    push(this.latencies);
    if (Date.now() - ms >= this.steadyFrom) push(this.steady);
  }

  /** Requests the load generator gave up on after 15 s (the rest are wrong answers or lost events). */
  timeouts = 0;

  fail(kind: string, detail: string, timedOut = false): void {
    if (timedOut) this.timeouts += 1;
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (this.samples.length < 10) this.samples.push(`${kind}: ${detail}`);
  }
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function simulateUser(options: {
  url: string;
  username: string;
  password: string;
  catalogue: Catalogue;
  endsAt: number;
  thinkMs: number;
  tally: Tally;
}): Promise<void> {
  const { url, catalogue, tally } = options;
  let cookie = '';
  const timed = async (kind: string, path: string, init: RequestInit = {}, expected = [200]): Promise<Response | null> => {
    const started = performance.now();
    try {
      const response = await fetch(`${url}${path}`, {
        ...init,
        headers: { origin: url, ...(cookie ? { cookie } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
        signal: AbortSignal.timeout(15_000),
      });
      await response.clone().arrayBuffer();
      tally.record(kind, performance.now() - started);
      if (!expected.includes(response.status)) {
        tally.fail(kind, `${path} → ${response.status} ${(await response.text()).slice(0, 120)}`);
        return null;
      }
      return response;
    } catch (error) {
      tally.fail(kind, `${path} → ${(error as Error).message}`, (error as Error).name === 'TimeoutError');
      return null;
    }
  };

  // Spread the sign-ins over the first seconds, as people arrive.
  await sleep(Math.random() * Math.min(5_000, options.thinkMs * 3));
  const login = await timed('login', '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: options.username, password: options.password }),
  });
  if (!login) return;
  cookie = login.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;

  const socket: Socket = connect(url, { transports: ['websocket'], extraHeaders: { origin: url, cookie } });
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    socket.once('session:ready', () => (clearTimeout(timer), resolve(true)));
  });
  if (!ready) tally.fail('socket', 'no session:ready within 10 s');
  socket.on('disconnect', (reason) => {
    if (Date.now() < options.endsAt) tally.fail('socket', `disconnected: ${reason}`);
  });
  // My own posts as they arrive live (the event may beat the HTTP answer).
  const arrived = new Map<number, number>();
  let replies = 0;
  const waiting = new Map<number, () => void>();
  socket.on('post:created', ({ post }: { post: { id: number; author?: { username: string } } }) => {
    if (post.author?.username !== options.username) return;
    arrived.set(post.id, performance.now());
    waiting.get(post.id)?.();
  });
  const join = (threadId: number) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => (tally.fail('socket thread:join', 'no ack within 10 s'), resolve()), 10_000);
      socket.emit('thread:join', { threadId }, (ack: { ok: boolean; error?: { code: string } }) => {
        clearTimeout(timer);
        tally.record('socket thread:join', performance.now() - started);
        if (!ack.ok) tally.fail('socket thread:join', ack.error?.code ?? 'refused');
        resolve();
      });
    });

  // A home community to post in. The demo data bans a few members here and there: they pick another.
  let home = pick(catalogue.communities);
  for (let attempt = 0; attempt < 5; attempt++) {
    const joined = await timed('join community', `/api/communities/${home.slug}/join`, { method: 'POST', body: '{}' }, [200, 403]);
    if (!joined || joined.status === 200) break;
    const { error } = (await joined.json()) as { error: { code: string } };
    if (error.code !== 'BANNED_FROM_COMMUNITY' || attempt === 4) {
      tally.fail('join community', `${home.slug} → 403 ${error.code}`);
      socket.disconnect();
      return;
    }
    home = pick(catalogue.communities);
  }
  let following: number | null = null;
  const follow = async (threadId: number) => {
    if (following === threadId) return;
    if (following !== null) socket.emit('thread:leave', { threadId: following }, () => {});
    following = threadId;
    await join(threadId);
  };

  try {
    while (Date.now() < options.endsAt) {
      const roll = Math.random();
      const community = roll < 0.5 ? home : pick(catalogue.communities);
      const forum = pick(community.forums);
      if (roll < 0.08) await timed('communities', '/api/communities');
      else if (roll < 0.16) await timed('community', `/api/communities/${community.slug}`);
      else if (roll < 0.3) await timed('forum threads', `/api/forums/${forum.id}/threads?limit=20`);
      else if (roll < 0.55) {
        const threadId = pick(forum.threads);
        if (await timed('thread', `/api/threads/${threadId}`)) await follow(threadId);
      } else if (roll < 0.7) {
        const kind = pick(['resources', 'profiles', 'experiences', 'specialists', 'institutions']);
        const filter = Math.random() < 0.5 ? `&country=${pick(catalogue.countries)}` : `&q=${encodeURIComponent(pick(catalogue.words))}`;
        await timed('knowledge list', `/api/${kind}?limit=20${filter}`);
      } else if (roll < 0.85) {
        await timed('search', `/api/search?q=${encodeURIComponent(`${pick(catalogue.words)} ${Math.random() < 0.3 ? pick(catalogue.words) : ''}`.trim())}`);
      } else if (roll < 0.93) {
        await timed('session', '/api/session');
      } else {
        // A reply in the home community, watched for live.
        const threadId = pick(pick(home.forums).threads);
        await follow(threadId);
        const started = performance.now();
        const response = await timed('post', `/api/threads/${threadId}/posts`, {
          method: 'POST',
          // People do not post the same text twice (the duplicate-text rule would refuse it).
          body: JSON.stringify({ body: `Respuesta ${(replies += 1)} de ${options.username} sobre **${pick(catalogue.words)}**` }),
        }, [201]);
        if (response) {
          const { post } = (await response.json()) as { post: { id: number } };
          if (!arrived.has(post.id)) {
            const seen = new Promise<void>((resolve) => waiting.set(post.id, resolve));
            await Promise.race([seen, sleep(10_000)]);
            waiting.delete(post.id);
          }
          const at = arrived.get(post.id);
          if (at === undefined) tally.fail('live post:created', `post ${post.id} not seen live within 10 s`);
          else tally.record('live post:created', at - started);
          arrived.delete(post.id);
        }
      }
      await sleep(options.thinkMs * (0.5 + Math.random()));
    }
  } finally {
    socket.disconnect();
  }
}
