import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError } from 'smtp-server';
import { parseInboundAddress, type InboundAddress } from './addresses.ts';
import type { InboundMailService } from './service.ts';

/** Replies and bounce reports are small; anything larger is refused (552). */
export const INBOUND_MAX_BYTES = 1024 * 1024;

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

function smtpError(code: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode: code });
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is drained, not kept (the server answers 552).
      if (size <= INBOUND_MAX_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * Minga's own SMTP listener: takes mail only for our `reply+…@`, `bounce+…@` and `unsubscribe+…@` addresses
 * whose key we know (anything else: 550 at RCPT TO), up to INBOUND_MAX_BYTES (552 beyond),
 * without authentication (the key is the credential), and hands each to the service.
 */
export function createInboundListener(deps: { host: string; port: number; domain: string; service: InboundMailService; log: Log }) {
  const { service, log } = deps;
  const server = new SMTPServer({
    name: deps.domain,
    banner: 'Minga inbound mail',
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: INBOUND_MAX_BYTES,
    rejectOversized: true,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      const ours = parseInboundAddress(address.address, deps.domain);
      void (ours ? service.knows(ours) : Promise.resolve(false)).then(
        (known) => callback(known ? undefined : smtpError(550, 'No such recipient here')),
        (error: unknown) => {
          log.error({ err: error }, 'inbound mail: recipient check failed');
          callback(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      void readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) return callback(smtpError(552, 'Message too large'));
          const mail = await simpleParser(raw);
          const text = raw.toString('utf8');
          for (const rcpt of session.envelope.rcptTo) {
            const address = parseInboundAddress(rcpt.address, deps.domain) as InboundAddress;
            const outcome = await service.receive(address, mail, text);
            log.info({ kind: address.kind, outcome }, 'inbound mail handled');
          }
          callback();
        })
        .catch((error: unknown) => {
          log.error({ err: error }, 'inbound mail failed');
          callback(smtpError(451, 'Temporary failure, try again later'));
        });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'inbound SMTP listener error'));
  let listening = false;

  return {
    async start(): Promise<void> {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(deps.port, deps.host, () => {
          server.server.off('error', reject);
          resolve();
        });
      });
      listening = true;
      log.info({ host: deps.host, port: this.port() }, 'inbound SMTP listener ready (replies by email, bounces)');
    },
    /** The port it listens on (the real one when configured with 0). */
    port(): number {
      return (server.server.address() as AddressInfo | null)?.port ?? deps.port;
    },
    async stop(): Promise<void> {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type InboundListener = ReturnType<typeof createInboundListener>;
