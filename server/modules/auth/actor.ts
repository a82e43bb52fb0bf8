import type { Locale } from '../../../shared/i18n/index.ts';
import type { Role } from '../../../shared/permissions.ts';

/** Who is making a request, as every service and policy sees it. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  locale: Locale | null;
}

export type AuthMethod = 'none' | 'cookie' | 'bearer';
