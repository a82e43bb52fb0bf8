import { describe, expect, it } from 'vitest';
import { cook, emptyResolver, htmlToText, type CookResolver } from '../../server/lib/markdown.ts';

const text = (source: string, resolver: CookResolver = emptyResolver) => cook(source, resolver).text;

describe('htmlToText: what a reader sees of a cooked post', () => {
  it('drops what the sanitizer removed and the Markdown marks', () => {
    expect(text('Hola <!-- secreto --> **mundo** y _todos_')).toBe('Hola mundo y todos');
    expect(text('a\n\n<script>alert("x")</script>\n\n<textarea>oculto</textarea>\n\n<style>p{}</style>\n\nb')).toBe('a b');
    expect(text('- uno\n- dos\n\n1. tres\n\n> cita\n\n# Título')).toBe('uno dos tres cita Título');
    expect(text('`**literal**` y\n\n```\nconst x = 1 < 2;\n```')).toBe('**literal** y const x = 1 < 2;');
  });

  it('keeps link text, not addresses; separates blocks and cells', () => {
    expect(text('[la guía](https://example.org/secreto "título") y ![foto](https://example.org/f.png)')).toBe('la guía y foto');
    expect(text('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('a b 1 2');
    expect(text('uno<br>dos\n\n---\n\ntres')).toBe('uno dos tres');
  });

  it('shows typed links and mentions as the page does', () => {
    const resolver: CookResolver = {
      existingUsernames: () => new Set(['ana']),
      resolveLinks: (refs) => refs.map((r) => ({ ...r, title: 'Guía de soldadura', url: `/knowledge/${r.type}s/${r.id}` })),
    };
    expect(text('@ana mira [[resource:12]]', resolver)).toBe('@ana mira Guía de soldadura');
  });

  it('decodes entities once', () => {
    expect(text('Sal & pimienta, 1 < 2, "comillas", &copy; &amp;lt;')).toBe('Sal & pimienta, 1 < 2, "comillas", © &lt;');
    expect(htmlToText('<p>&#x1F600; &#39;a&#39; &bogus; &#0;</p>')).toBe("😀 'a' &bogus; &#0;");
  });
});
