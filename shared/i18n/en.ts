import type { Catalog } from './es.ts';
import { enBase } from './en/base.ts';
import { enPages } from './en/pages.ts';
import { enLive } from './en/live.ts';
import { enKnowledge } from './en/knowledge.ts';
import { enModeration } from './en/moderation.ts';

export const en: Catalog = { ...enBase, ...enPages, ...enLive, ...enKnowledge, ...enModeration };
