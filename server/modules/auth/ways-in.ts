/**
 * The ways a member can sign in, by kind (a password, linked institutions' identities, at merge
 * passkeys): each area that holds one registers how many an account has. Removing one is refused
 * when it is the account's last: nobody locks themselves out.
 */
export function createWaysIn() {
  const kinds = new Map<string, (userId: number) => number>();
  return {
    register(kind: string, count: (userId: number) => number): void {
      kinds.set(kind, count);
    },
    /** How many of each kind the account has. */
    count(userId: number): Record<string, number> {
      return Object.fromEntries([...kinds].map(([kind, count]) => [kind, count(userId)]));
    },
    total(userId: number): number {
      let sum = 0;
      for (const count of kinds.values()) sum += count(userId);
      return sum;
    },
  };
}

export type WaysIn = ReturnType<typeof createWaysIn>;
