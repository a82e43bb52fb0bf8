import { translate, type Locale } from '../../../shared/i18n/index.ts';

/** What a template says; the layout turns it into both parts, so they cannot disagree. */
export interface MailContent {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** A post as written on the site: its cooked, sanitized HTML and its plain text (never Markdown). */
  post?: { html: string; text: string };
  /**
   * Blocks already rendered as HTML (with their plain-text twin), after the paragraphs: only
   * escaped text or posts' cooked HTML, which was sanitized when it was written.
   */
  blocks?: { html: string; text: string }[];
  /** The one thing the message asks for, as a button (HTML) and a bare link (text). */
  action?: { label: string; url: string };
  /** Paragraphs after the button: expiry, "if this was not you". */
  after?: string[];
  /** Lists of links under a heading (a digest's threads, posts, workshops…), after the paragraphs. */
  sections?: MailSection[];
}

export interface MailSection {
  heading: string;
  items: { title: string; url: string; meta?: string; excerpt?: string }[];
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Everything that goes into the HTML passes through here: user-written text included. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function renderSection(section: MailSection): string {
  const items = section.items.map((item) => {
    const meta = item.meta ? `<br><span style="font-size:13px;color:#3d444d">${escapeHtml(item.meta)}</span>` : '';
    const excerpt = item.excerpt ? `<br><span style="font-size:14px;color:#1f2328">${escapeHtml(item.excerpt)}</span>` : '';
    return (
      `<li style="margin:0 0 12px;${FONT};font-size:15px;line-height:1.45">` +
      `<a href="${escapeHtml(item.url)}" style="color:#0b5cad;font-weight:600">${escapeHtml(item.title)}</a>${meta}${excerpt}</li>`
    );
  });
  return (
    `<h2 style="margin:24px 0 8px;${FONT};font-size:17px;color:#1f2328">${escapeHtml(section.heading)}</h2>` +
    `<ul style="margin:0 0 16px;padding-left:20px">${items.join('')}</ul>`
  );
}

function sectionText(section: MailSection): string[] {
  const lines = [section.heading, '-'.repeat(Math.min(section.heading.length, 60))];
  for (const item of section.items) {
    lines.push(`* ${item.title}`);
    if (item.meta) lines.push(`  ${item.meta}`);
    if (item.excerpt) lines.push(`  ${item.excerpt}`);
    lines.push(`  ${item.url}`);
  }
  return lines;
}

/**
 * A simple layout that mail clients render alike: one centred column of tables with inline
 * styles, dark text on white (contrast above 7:1), a real link as the button, `lang` set.
 */
export function renderMail(content: MailContent, locale: Locale, options: { unsubscribeUrl?: string } = {}): RenderedMail {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const p = (text: string) => `<p style="margin:0 0 16px;${FONT};font-size:16px;line-height:1.5;color:#1f2328">${escapeHtml(text)}</p>`;
  const blocks: string[] = [];
  if (content.greeting) blocks.push(p(content.greeting));
  blocks.push(...content.paragraphs.map(p));
  for (const section of content.sections ?? []) blocks.push(renderSection(section));
  if (content.post) {
    blocks.push(
      `<div style="margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #d8dee4;${FONT};font-size:16px;line-height:1.5;color:#1f2328">${content.post.html}</div>`,
    );
  }
  blocks.push(...(content.blocks ?? []).map((block) => block.html));
  if (content.action) {
    const url = escapeHtml(content.action.url);
    blocks.push(
      `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px"><tr><td style="background:#0b5cad;border-radius:6px">` +
        `<a href="${url}" style="display:inline-block;padding:12px 20px;${FONT};font-size:16px;font-weight:600;color:#ffffff;text-decoration:none">${escapeHtml(content.action.label)}</a>` +
        `</td></tr></table>`,
      `<p style="margin:0 0 16px;${FONT};font-size:14px;line-height:1.5;color:#3d444d">${escapeHtml(t('mail.layout.linkFallback'))}<br>` +
        `<a href="${url}" style="color:#0b5cad;word-break:break-all">${url}</a></p>`,
    );
  }
  blocks.push(...(content.after ?? []).map(p));
  const footer = [
    `<p style="margin:0 0 8px;${FONT};font-size:13px;line-height:1.5;color:#3d444d">${escapeHtml(t('mail.layout.footer'))}</p>`,
  ];
  if (options.unsubscribeUrl) {
    footer.push(
      `<p style="margin:0;${FONT};font-size:13px"><a href="${escapeHtml(options.unsubscribeUrl)}" style="color:#0b5cad">${escapeHtml(t('mail.layout.unsubscribe'))}</a></p>`,
    );
  }
  const html =
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(content.subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f4f5f7">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">` +
    `<tr><td style="padding:20px 24px 0;${FONT};font-size:20px;font-weight:700;color:#0b5cad">Minga</td></tr>` +
    `<tr><td style="padding:16px 24px 8px">${blocks.join('')}</td></tr>` +
    `<tr><td style="padding:16px 24px 24px;border-top:1px solid #d8dee4">${footer.join('')}</td></tr>` +
    `</table></td></tr></table></body></html>`;

  const lines: string[] = [];
  if (content.greeting) lines.push(content.greeting, '');
  for (const paragraph of content.paragraphs) lines.push(paragraph, '');
  for (const section of content.sections ?? []) lines.push(...sectionText(section), '');
  if (content.post) lines.push(content.post.text, '');
  for (const block of content.blocks ?? []) lines.push(block.text, '');
  if (content.action) lines.push(`${content.action.label}:`, content.action.url, '');
  for (const paragraph of content.after ?? []) lines.push(paragraph, '');
  lines.push('-- ', t('mail.layout.footer'));
  if (options.unsubscribeUrl) lines.push(`${t('mail.layout.unsubscribe')}: ${options.unsubscribeUrl}`);
  return { subject: content.subject, html, text: lines.join('\n') + '\n' };
}
