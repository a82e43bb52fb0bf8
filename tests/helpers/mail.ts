import type { ParsedMail } from 'mailparser';
import { LOCALES, translate } from '../../shared/i18n/index.ts';
import type { SmtpSink } from './smtp.ts';

const VERIFICATION_SUBJECTS = new Set(LOCALES.map((locale) => translate(locale, 'mail.emailVerify.subject')));

/** The mail asking a new account to confirm its address (for sinks of tests about other mail). */
export const isVerificationMail = (mail: ParsedMail): boolean => VERIFICATION_SUBJECTS.has(mail.subject ?? '');

/** Outbox rows other than the verification mail every new account gets. */
export const notVerification = <R extends { kind: string }>(rows: R[]): R[] => rows.filter((row) => row.kind !== 'email_verify');

function sentTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((a) => a.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()));
}

/**
 * Waits for a message to this address (optionally with this subject) among those received
 * after the first `after` (take `sink.messages.length` before the action that mails).
 */
export async function mailTo(
  sink: SmtpSink,
  address: string,
  options: { after?: number; subject?: string | RegExp; timeoutMs?: number } = {},
): Promise<ParsedMail> {
  const after = options.after ?? 0;
  const subject = options.subject;
  const matches = (m: ParsedMail) =>
    sentTo(m, address) && (subject === undefined || (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject ?? '')));
  for (let n = Math.max(after + 1, sink.messages.length); ; n += 1) {
    const messages = await sink.waitFor(n, options.timeoutMs);
    const mail = messages.slice(after).find(matches);
    if (mail) return mail;
  }
}

/** Every message received so far for this address. */
export function mailsTo(sink: SmtpSink, address: string): ParsedMail[] {
  return sink.messages.filter((m) => sentTo(m, address));
}

/** The absolute link to `path` with a `token` in a mail's text part. */
export function tokenLink(mail: ParsedMail, base: string, path: string): URL | null {
  const escaped = (base + path).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`${escaped}\\?token=[A-Za-z0-9_-]+`).exec(mail.text ?? '');
  return match ? new URL(match[0]) : null;
}

/**
 * A signature with one character changed, so that it never matches the real one. (Setting its last
 * two characters to "AA" matched when the real one ended so, 1 time in 256: a test failed once.)
 */
export function alteredSignature(signature: string): string {
  return `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
}
