import type { esSettings } from '../es/settings.ts';

/** Settings (issue 16): the avatar, the time zone, the member's own lists on their page. */
export const enSettings: Record<keyof typeof esSettings, string> = {
  'error.AVATAR_IMAGE_INVALID': 'That image could not be read: upload a JPEG, PNG or WebP photo.',
  'error.AVATAR_IMAGE_TOO_BIG': 'The image has too many pixels (over {max} million): make it smaller and upload it again.',
  'error.AVATAR_CROP_INVALID': 'The crop goes outside the image: choose a square inside it.',
  'error.AVATAR_NOT_FOUND': 'This photo no longer exists.',
  'error.TIME_ZONE_UNKNOWN': 'We do not know that time zone: pick one from the list.',
};
