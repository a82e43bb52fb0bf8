// The client side of the workshop-room benchmark, in processes of their own so that hundreds
// of sockets share neither the server's event loop nor one client loop. Reads a JSON job on
// argv. Mode "attendees": joins the room, prints {connected}, then counts deliveries until it
// has them all and prints a latency histogram. Mode "sender": sends at the rate and prints
// {sent}. Send times travel in the message, read from the monotonic clock that every process
// on the machine shares (process.hrtime; performance.now() counts from each process's own
// start), so any process can measure a delivery.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const job = JSON.parse(process.argv[2]);
const say = (line) => process.stderr.write(`  ${line}\n`);
const wallNow = () => Number(process.hrtime.bigint()) / 1e6;
const print = (value) => new Promise((resolve) => process.stdout.write(`${JSON.stringify(value)}\n`, resolve));

function open(cookie) {
  return new Promise((resolve, reject) => {
    const socket = io(job.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: job.url, cookie },
    });
    socket.once('session:ready', async () => {
      const answer = await socket.timeout(20_000).emitWithAck('workshop:join', { workshopId: job.workshopId });
      if (!answer.ok) reject(new Error(`join refused: ${JSON.stringify(answer)}`));
      else resolve(socket);
    });
    socket.once('connect_error', reject);
  });
}

async function openMany(count, cookie) {
  const sockets = [];
  for (let i = 0; i < count; i += 50) sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => open(cookie)))));
  return sockets;
}

async function attendees() {
  const sockets = await openMany(job.attendees, job.cookie);
  const buckets = new Map(); // latency in tenths of a millisecond → deliveries
  let delivered = 0;
  const expected = job.total * sockets.length;
  for (const socket of sockets) {
    socket.on('workshop:message', ({ message }) => {
      const sent = Number(/@(\d+(?:\.\d+)?)@/.exec(message.bodyHtml)?.[1]);
      if (!sent) return;
      const tenth = Math.max(0, Math.round((wallNow() - sent) * 10));
      buckets.set(tenth, (buckets.get(tenth) ?? 0) + 1);
      delivered += 1;
    });
  }
  await print({ connected: sockets.length });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const deadline = () => performance.now() + 15_000;
  let limit = Infinity;
  // Wait for every delivery; the clock starts once the parent says the sending is over.
  process.stdin.once('data', () => (limit = deadline()));
  while (delivered < expected && performance.now() < limit) await new Promise((r) => setTimeout(r, 50));
  sockets.forEach((s) => s.disconnect());
  return { delivered, expected, histogram: [...buckets.entries()] };
}

async function sender() {
  const sockets = await openMany(job.senders, job.cookie);
  await print({ connected: sockets.length });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const gap = 1000 / job.perSecond;
  const refused = [];
  const started = performance.now();
  for (let seq = 0; seq < job.total; seq += 1) {
    const wait = started + seq * gap - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = `Mensaje ${seq} @${wallNow().toFixed(3)}@ de la sesión: **¿llega a todos?**`;
    sockets[seq % sockets.length].emit('workshop:message', { workshopId: job.workshopId, body }, (ack) => {
      if (!ack.ok) refused.push(ack.error.code);
    });
    if (job.total >= 100 && (seq + 1) % (job.perSecond * 10) === 0) say(`workshop room: ${seq + 1}/${job.total} messages sent`);
  }
  await new Promise((r) => setTimeout(r, 500));
  sockets.forEach((s) => s.disconnect());
  return { sent: job.total, refused: refused.slice(0, 20), elapsedMs: performance.now() - started };
}

try {
  await print(job.mode === 'sender' ? await sender() : await attendees());
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
