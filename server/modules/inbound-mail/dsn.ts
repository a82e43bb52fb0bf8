import type { ParsedMail } from 'mailparser';

/**
 * A delivery status notification (RFC 3464: multipart/report; report-type=delivery-status) that
 * says a recipient failed for good: `Action: failed` with a 5.x.x `Status`. Returns that status,
 * or null for anything else (a delay, a success, an auto-reply, a person's mail).
 */
export function hardBounceStatus(mail: ParsedMail, raw: string): string | null {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() !== 'multipart/report' || type.params?.['report-type']?.toLowerCase() !== 'delivery-status') return null;
  const report = deliveryStatus(mail, raw);
  // Per-recipient blocks are separated by blank lines; one failed block is enough.
  for (const block of report.split(/\r?\n\s*\r?\n/)) {
    const action = /^Action:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
    const status = /^Status:\s*(\d\.\d{1,3}\.\d{1,3})/im.exec(block)?.[1];
    if (action === 'failed' && status?.startsWith('5.')) return status;
  }
  return null;
}

/** The message/delivery-status part's text: as mailparser gives it, else found in the raw message. */
function deliveryStatus(mail: ParsedMail, raw: string): string {
  const part = mail.attachments.find((a) => a.contentType.toLowerCase() === 'message/delivery-status');
  if (part) return part.content.toString('utf8');
  const start = raw.search(/Content-Type:\s*message\/delivery-status/i);
  return start < 0 ? '' : raw.slice(start, start + 20_000);
}
