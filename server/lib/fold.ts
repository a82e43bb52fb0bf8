/** Accents and case away, as search compares words: `Formación` and `formacion` fold alike. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}
