import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  url: string;
  /** Every message received, parsed, in arrival order. */
  messages: ParsedMail[];
  /** The SMTP envelope of each message (same order): MAIL FROM (the Return-Path) and RCPT TO. */
  envelopes: { from: string; to: string[] }[];
  /** Waits until at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives (no TLS, no auth). `ignore` drops
 * messages a test is not about (accepted, not kept), e.g. the verification mail every new
 * account gets, so tests that count messages count only theirs.
 */
export async function startSmtpSink(port = 0, options: { ignore?: (mail: ParsedMail) => boolean } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const envelopes: SmtpSink['envelopes'] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 200,
    onData(stream, session, callback) {
      void simpleParser(stream).then(
        (mail) => {
          if (options.ignore?.(mail)) return callback();
          envelopes.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) });
          messages.push(mail);
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    envelopes,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(messages);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited for ${count} messages, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A free loopback port with nothing listening on it (an SMTP server that is down). */
export async function closedPort(): Promise<number> {
  const sink = await startSmtpSink();
  await sink.close();
  return sink.port;
}
