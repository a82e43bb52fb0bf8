// The client side of the fan-out benchmark, in its own process so that a thousand sockets
// do not share the server's event loop. Reads a JSON job on argv, prints one JSON result.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const job = JSON.parse(process.argv[2]);
const say = (line) => process.stderr.write(`  ${line}\n`);

function open(count, cookie, onEach) {
  return Promise.all(
    Array.from({ length: count }, () =>
      new Promise((resolve, reject) => {
        const socket = io(job.url, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { origin: job.url, ...(cookie ? { cookie } : {}) },
        });
        socket.once('session:ready', async () => {
          try {
            await onEach?.(socket);
            resolve(socket);
          } catch (error) {
            reject(error);
          }
        });
        socket.once('connect_error', reject);
      }),
    ),
  );
}

async function fanout() {
  say(`fanout: connecting ${job.readers} readers`);
  const arrivals = new Map(); // postId → count received
  const waiters = new Map(); // postId → resolve
  const readers = await open(job.readers, job.readerCookie, async (socket) => {
    const answer = await socket.timeout(10_000).emitWithAck('thread:join', { threadId: job.threadId });
    if (!answer.ok) throw new Error(`join refused: ${JSON.stringify(answer)}`);
    socket.on('post:created', ({ post }) => {
      const n = (arrivals.get(post.id) ?? 0) + 1;
      arrivals.set(post.id, n);
      if (n === job.readers) waiters.get(post.id)?.();
    });
  });
  say(`fanout: ${readers.length} readers in the room; posting ${job.posts} times`);
  const latencies = [];
  for (let i = 0; i < job.posts; i += 1) {
    const started = performance.now();
    const response = await fetch(`${job.url}/api/threads/${job.threadId}/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: job.posterCookie, origin: job.url },
      body: JSON.stringify({ body: `Mensaje en vivo número ${i}: **¿llega a todos?**` }),
    });
    if (response.status !== 201) throw new Error(`post failed: ${response.status} ${await response.text()}`);
    const { post } = await response.json();
    if ((arrivals.get(post.id) ?? 0) < job.readers) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`post ${post.id}: ${arrivals.get(post.id) ?? 0}/${job.readers} after 10 s`)), 10_000);
        waiters.set(post.id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    latencies.push(performance.now() - started);
    if ((i + 1) % Math.max(1, Math.floor(job.posts / 4)) === 0) say(`fanout: ${i + 1}/${job.posts} posts delivered to all`);
  }
  readers.forEach((s) => s.disconnect());
  return latencies;
}

async function idle() {
  say(`idle: opening ${job.idle} authenticated connections`);
  const sockets = [];
  const batch = 250;
  for (let i = 0; i < job.idle; i += batch) {
    sockets.push(...(await open(Math.min(batch, job.idle - i), job.readerCookie)));
    if ((i + batch) % 1000 === 0) say(`idle: ${Math.min(i + batch, job.idle)}/${job.idle}`);
  }
  process.stdout.write(`${JSON.stringify({ idleOpen: sockets.length })}\n`);
  // Hold them until the parent has measured, then close.
  await new Promise((resolve) => process.stdin.once('data', resolve));
  sockets.forEach((s) => s.disconnect());
}

try {
  if (job.mode === 'fanout') process.stdout.write(`${JSON.stringify({ latencies: await fanout() })}\n`);
  else await idle();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
