import type { MessageKey } from '../../../../shared/i18n/index.ts';

/** The singular kinds a post can cite, in the order the picker and the panel list them. */
export const LINK_TYPES = ['resource', 'experience', 'profile', 'specialist', 'institution'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export function isLinkType(value: unknown): value is LinkType {
  return typeof value === 'string' && (LINK_TYPES as readonly string[]).includes(value);
}

/** "Recurso": the label a card wears. */
export const kindLabelKey = (type: LinkType): MessageKey => `link.type.${type}`;
/** "Recursos": the heading of a group of cards. */
export const kindGroupKey = (type: LinkType): MessageKey => `linking.group.${type}`;

/** `resource:12`, the identity of a cited item. */
export const linkKey = (type: string, id: number | string): string => `${type}:${id}`;
