/** The text building blocks of the forum demo data, by theme and language. */
import { competencies, dual, rpl, trainers } from './themes-training.ts';
import { green, ict, osh, quality } from './themes-practice.ts';
import { dialogue, gender, lmi, youth } from './themes-society.ts';
import type { ThemeContent, ThemeKey } from './types.ts';

export const THEMES: Record<ThemeKey, ThemeContent> = {
  competencies,
  rpl,
  dual,
  ict,
  green,
  quality,
  gender,
  youth,
  trainers,
  dialogue,
  lmi,
  osh,
};

export { COMMON } from './common.ts';
export * from './compose.ts';
export { Random, seedOf } from './random.ts';
export * from './types.ts';
