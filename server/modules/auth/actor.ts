import type { Locale } from '../../../shared/i18n/index.ts';
import type { Role } from '../../../shared/permissions.ts';

/** Who is making a request, as every service and policy sees it. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  locale: Locale | null;
  /** The network address the request came from, where known (per-address limits). */
  address?: string;
}

export type AuthMethod = 'none' | 'cookie' | 'bearer';
