// The client side of the workshop-room benchmark, in its own process so that hundreds of
// sockets do not share the server's event loop. Reads a JSON job on argv; prints "connected"
// once every attendee is in the room, waits for "go" on stdin, then prints one JSON result.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const job = JSON.parse(process.argv[2]);
const say = (line) => process.stderr.write(`  ${line}\n`);

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

const sentAt = new Map(); // sequence number → performance.now() at emit
const latencies = [];
let delivered = 0;

async function main() {
  say(`workshop room: connecting ${job.attendees} attendees and ${job.senders} senders`);
  const attendees = [];
  for (let i = 0; i < job.attendees; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, job.attendees - i) }, () => open(job.attendeeCookie)));
    attendees.push(...batch);
  }
  for (const socket of attendees) {
    socket.on('workshop:message', ({ message }) => {
      const seq = Number(/#(\d+)#/.exec(message.bodyHtml)?.[1]);
      const started = sentAt.get(seq);
      if (started === undefined) return;
      latencies.push(performance.now() - started);
      delivered += 1;
    });
  }
  const senders = await Promise.all(Array.from({ length: job.senders }, () => open(job.senderCookie)));
  process.stdout.write(`${JSON.stringify({ connected: attendees.length })}\n`);
  await new Promise((resolve) => process.stdin.once('data', resolve));

  const total = Math.round(job.perSecond * job.seconds);
  const gap = 1000 / job.perSecond;
  const refused = [];
  const started = performance.now();
  for (let seq = 0; seq < total; seq += 1) {
    const due = started + seq * gap;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const socket = senders[seq % senders.length];
    sentAt.set(seq, performance.now());
    socket.emit('workshop:message', { workshopId: job.workshopId, body: `Mensaje #${seq}# de la sesión: **¿llega a todos?**` }, (ack) => {
      if (!ack.ok) refused.push(ack.error.code);
    });
    if (job.seconds >= 4 && (seq + 1) % (job.perSecond * 10) === 0) say(`workshop room: ${seq + 1}/${total} messages sent`);
  }
  const expected = total * attendees.length;
  const deadline = performance.now() + 15_000;
  while (delivered < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  [...attendees, ...senders].forEach((s) => s.disconnect());
  return { latencies, expected, delivered, refused, elapsedMs: performance.now() - started };
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
