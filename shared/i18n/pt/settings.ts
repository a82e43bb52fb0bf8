import type { esSettings } from '../es/settings.ts';

/** Settings (issue 16): the avatar, the time zone, the member's own lists on their page. */
export const ptSettings: Record<keyof typeof esSettings, string> = {
  'error.AVATAR_IMAGE_INVALID': 'Não foi possível ler essa imagem: envie uma foto JPEG, PNG ou WebP.',
  'error.AVATAR_IMAGE_TOO_BIG': 'A imagem tem pixels demais (mais de {max} milhões): reduza-a e envie de novo.',
  'error.AVATAR_CROP_INVALID': 'O recorte sai da imagem: escolha um quadrado dentro dela.',
  'error.AVATAR_NOT_FOUND': 'Esta foto não existe mais.',
  'error.TIME_ZONE_UNKNOWN': 'Não conhecemos esse fuso horário: escolha um da lista.',
};
