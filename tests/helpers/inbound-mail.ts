import nodemailer from 'nodemailer';
import type { App } from '../../server/app.ts';

/** Mail sent to Minga's inbound listener with a real SMTP client, as a member's mail server would. */
export function inboundClient(app: App) {
  const port = app.inboundMail.listener!.port();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } });
  return {
    send: (message: Parameters<typeof transport.sendMail>[0]) => transport.sendMail(message),
    close: () => transport.close(),
  };
}

/** A delivery status notification (RFC 3464) from a receiving server about one failed recipient. */
export function dsn(options: { to: string; failed: string; status: string; action?: string; messageId?: string }): string {
  const boundary = 'dsn-boundary-1';
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    `To: ${options.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: ${options.messageId ?? `<dsn-${Math.random().toString(36).slice(2)}@mx.example.net>`}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `I'm sorry to have to inform you that your message could not be delivered to ${options.failed}.`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    `Final-Recipient: rfc822; ${options.failed}`,
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${options.status}`,
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
