import { Feed } from 'feed';

/** One feed as Minga publishes it: a channel and its newest items, in full. */
export interface Channel {
  title: string;
  description: string;
  /** The page the feed follows (absolute). */
  link: string;
  /** The feed's own address (absolute). */
  self: string;
  language: string;
  items: ChannelItem[];
}

export interface ChannelItem {
  title: string;
  link: string;
  /** Stable: the item's page, or a post's permalink. */
  guid: string;
  date: Date;
  published?: Date;
  author?: string;
  category?: string;
  /** Sanitized HTML (cooked at write time), in full. */
  html: string;
}

/** The newest moment in a channel: its lastBuildDate. */
export function channelUpdated(channel: Channel): Date {
  const newest = Math.max(0, ...channel.items.map((i) => i.date.getTime()));
  return new Date(newest === 0 ? Date.UTC(2000, 0, 1) : Math.floor(newest / 1000) * 1000);
}

/** Whatever XML 1.0 has no place for (text hygiene lets U+FFFE and U+FFFF through; lone surrogates). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as a feed may carry it. Cleaned before the library writes it, never after: removing a
 * character from the written XML could join `]]` and `>` inside a CDATA section.
 */
const xmlText = (text: string): string => text.replace(NOT_XML, '');
const xmlTextOf = (text: string | undefined): string | undefined => (text === undefined ? undefined : xmlText(text));

/** RSS 2.0 with the full content of each item (content:encoded), written by the `feed` library. */
export function toRss(raw: Channel, publicUrl: string): string {
  const channel: Channel = {
    ...raw,
    title: xmlText(raw.title),
    description: xmlText(raw.description),
    items: raw.items.map((item) => ({ ...item, title: xmlText(item.title), author: xmlTextOf(item.author), category: xmlTextOf(item.category), html: xmlText(item.html) })),
  };
  const feed = new Feed({
    title: channel.title,
    description: channel.description,
    id: channel.link,
    link: channel.link,
    feed: channel.self,
    feedLinks: { rss: channel.self },
    language: channel.language,
    updated: channelUpdated(channel),
    generator: 'Minga',
    image: `${publicUrl}/og-image.png`,
    favicon: `${publicUrl}/favicon.svg`,
    copyright: '',
    ttl: 30,
  });
  for (const item of channel.items) {
    feed.addItem({
      title: item.title,
      link: item.link,
      id: item.guid,
      guid: item.guid,
      date: item.date,
      published: item.published,
      description: item.html,
      content: item.html,
      ...(item.author ? { author: [{ name: item.author }] } : {}),
      ...(item.category ? { category: [{ name: item.category }] } : {}),
    });
  }
  return feed.rss2();
}
