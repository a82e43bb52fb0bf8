/** Site-wide roles. Community roles (member, moderator) come with the communities area. */
export const ROLES = ['member', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isAdmin(user: { role: Role } | null | undefined): boolean {
  return user?.role === 'admin';
}
