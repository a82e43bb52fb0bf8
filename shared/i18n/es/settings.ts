/** Settings (issue 16): the avatar, the time zone, the member's own lists on their page. */
export const esSettings = {
  'error.AVATAR_IMAGE_INVALID': 'No se pudo leer esa imagen: suba una foto JPEG, PNG o WebP.',
  'error.AVATAR_IMAGE_TOO_BIG': 'La imagen tiene demasiados píxeles (más de {max} millones): redúzcala y vuelva a subirla.',
  'error.AVATAR_CROP_INVALID': 'El recorte se sale de la imagen: elija un cuadrado dentro de ella.',
  'error.AVATAR_NOT_FOUND': 'Esta foto ya no existe.',
  'error.TIME_ZONE_UNKNOWN': 'No conocemos ese huso horario: elija uno de la lista.',
} as const;
