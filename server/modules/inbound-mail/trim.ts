/**
 * What a member wrote in a reply by email, without the mail it answers: the attribution line
 * that introduces the quote (Spanish, Portuguese, English; also wrapped over two or three
 * lines as Gmail does), Outlook's and Gmail's separators, `>` quotes, and the signature. The
 * text itself stays as typed (it is Markdown).
 */

/** "El … escribió:", "Em … escreveu:", "On … wrote:" (and the French/German forms clients send). */
const ATTRIBUTION = /^\s*(?:El|Em|On|Le|Am)\b.{0,400}?\b(?:escribió|escreveu|wrote|a écrit|schrieb)\s*:\s*$/is;
/** A line that alone marks where the old mail begins. */
const SEPARATORS = [
  /^\s*-{2,}\s*(?:Original Message|Mensaje original|Mensagem original|Message d'origine)\s*-{2,}\s*$/i,
  /^\s*-{2,}\s*(?:Forwarded message|Mensaje reenviado|Mensagem encaminhada)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
];
/** Outlook's header block: "From: …" then, within a few lines, "Sent: …" (or its translations). */
const OUTLOOK_FROM = /^\s*\*?(?:From|De)\s*:\*?\s/i;
const OUTLOOK_SENT = /^\s*\*?(?:Sent|Date|Enviado|Enviada em|Fecha|Data)\s*:\*?\s/i;
/** The signature delimiter ("-- "), and the phones' own signatures. */
const SIGNATURE = /^-- ?$/;
const DEVICE_SIGNATURE = /^\s*(?:Sent from my|Enviado desde mi|Enviado do meu|Enviado de meu|Get Outlook for)\b.{0,60}$/i;

function isQuoteStart(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (SEPARATORS.some((re) => re.test(line)) || SIGNATURE.test(line)) return true;
  if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 4).some((next) => OUTLOOK_SENT.test(next))) return true;
  // The attribution may be wrapped: try the line alone, then joined with the next one or two.
  if (!/^\s*(?:El|Em|On|Le|Am)\b/i.test(line)) return false;
  for (let span = 1; span <= 3 && i + span <= lines.length; span++) {
    if (ATTRIBUTION.test(lines.slice(i, i + span).join(' '))) return true;
  }
  return false;
}

export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (isQuoteStart(lines, i)) break;
    const line = lines[i]!;
    if (/^\s*>/.test(line)) continue;
    if (DEVICE_SIGNATURE.test(line)) continue;
    kept.push(line.replace(/\s+$/, ''));
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
