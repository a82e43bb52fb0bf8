import type { Catalog } from './es.ts';
import { ptBase } from './pt/base.ts';
import { ptPages } from './pt/pages.ts';
import { ptLive } from './pt/live.ts';
import { ptKnowledge } from './pt/knowledge.ts';
import { ptModeration } from './pt/moderation.ts';

export const pt: Catalog = { ...ptBase, ...ptPages, ...ptLive, ...ptKnowledge, ...ptModeration };
