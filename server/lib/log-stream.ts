import { writeSync } from 'node:fs';

/** Log lines kept while the reader of stdout is slow; beyond this they are dropped (and counted). */
const QUEUE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The server's log destination: lines to a file descriptor (stdout) that never block the
 * process. Pino's default destination retries a full pipe in a synchronous sleep loop, so a
 * reader that stopped reading (a parent that exited, a stuck log shipper) froze the server,
 * shutdown included: "closed cleanly" was logged and the process never exited. Here a line that
 * cannot be written now waits in a bounded queue, retried on an unref'd timer; when the queue
 * is full, lines are dropped and the count is reported once the reader catches up.
 */
export function nonBlockingLines(fd = 1) {
  // A child's stdout pipe starts blocking (libuv sets fds 0-2 so): a write to a full pipe would
  // then wait in the kernel. Opening process.stdout puts a pipe in non-blocking mode, so a full
  // pipe answers EAGAIN and the line waits in the queue instead.
  if (fd === 1) void process.stdout;
  const queue: Buffer[] = [];
  let queued = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | null = null;
  let broken = false;

  /** Writes what it can; false when the descriptor is full for now. */
  function flush(): boolean {
    while (queue.length > 0) {
      const head = queue[0]!;
      let written: number;
      try {
        written = writeSync(fd, head);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return false;
        // EPIPE and the like: nobody will ever read these lines.
        broken = true;
        queue.length = 0;
        queued = 0;
        return true;
      }
      queued -= written;
      if (written < head.length) queue[0] = head.subarray(written);
      else queue.shift();
    }
    if (dropped > 0) {
      const note = Buffer.from(`${JSON.stringify({ level: 40, time: Date.now(), msg: `log reader too slow: ${dropped} lines dropped` })}\n`);
      dropped = 0;
      queue.push(note);
      queued += note.length;
      return flush();
    }
    return true;
  }

  function retryLater() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (!flush()) retryLater();
    }, 50);
    timer.unref();
  }

  return {
    write(line: string): void {
      if (broken) return;
      const bytes = Buffer.from(line);
      if (queued + bytes.length > QUEUE_MAX_BYTES) {
        dropped += 1;
        return;
      }
      queue.push(bytes);
      queued += bytes.length;
      if (queue.length === 1 && !timer && !flush()) retryLater();
      else if (queue.length > 0) retryLater();
    },
    /** Whatever can still go out without waiting (called just before exiting). */
    flushNow(): void {
      if (!broken) flush();
    },
  };
}
