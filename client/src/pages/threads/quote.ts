import type { Post } from '../../../../shared/schemas/discussions.ts';
import { api } from '../../lib/api.ts';

/** Characters that would turn a name into Markdown inside the quote's link text. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+!|~]/g;

function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
}

/** The text selected inside this post's body, if the reader selected some. */
function selectedText(body: Element | null): string {
  const selection = window.getSelection();
  if (!body || !selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const range = selection.getRangeAt(0);
  return body.contains(range.commonAncestorContainer) ? selection.toString() : '';
}

/** The words to quote: the selection, else the Markdown source (own posts), else the text. */
async function quotedText(post: Post): Promise<string> {
  const body = document.getElementById(`post-${post.id}-body`);
  const selected = selectedText(body);
  if (selected.trim()) return selected;
  if (post.canEdit) {
    try {
      const { body: source } = await api.get<{ body: string }>(`/api/posts/${post.id}/source`);
      if (source.trim()) return source;
    } catch {
      // The rendered text below is a fine quote too.
    }
  }
  return body instanceof HTMLElement ? body.innerText : '';
}

/**
 * A Markdown quote of a post, headed by a link back to it:
 * `> [Name](/t/1#post-2) wrote:` then the quoted lines.
 */
export async function quoteMarkdown(post: Post, threadId: number, wrote: string): Promise<string> {
  const text = (await quotedText(post)).replace(/\r\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  const link = `[${escapeMarkdown(post.author.displayName)}](/t/${threadId}#post-${post.id})`;
  const lines = text.split('\n').map((line) => (line.trim() ? `> ${line}` : '>'));
  return `> ${link} ${wrote}\n>\n${lines.join('\n')}\n\n`;
}
