import type { CountryFigures } from '../../../../shared/schemas/geo.ts';

/** The figures a country shows, in the order of its page and of the countries table. */
export const FIGURES = ['members', 'specialists', 'resources', 'profiles', 'experiences', 'agreements'] as const satisfies readonly (keyof CountryFigures)[];
