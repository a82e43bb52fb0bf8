/**
 * The ways a member can sign in, by kind (a password, linked institutions' identities, at merge
 * passkeys): each area that holds one registers how many an account has. Removing one is refused
 * when it is the account's last: nobody locks themselves out.
 */
export function createWaysIn() {
  const kinds = new Map<string, (userId: number) => number | Promise<number>>();
  return {
    register(kind: string, count: (userId: number) => number | Promise<number>): void {
      kinds.set(kind, count);
    },
    /** How many of each kind the account has. */
    async count(userId: number): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const [kind, count] of kinds) counts[kind] = await count(userId);
      return counts;
    },
    async total(userId: number): Promise<number> {
      let sum = 0;
      for (const count of kinds.values()) sum += await count(userId);
      return sum;
    },
  };
}

export type WaysIn = ReturnType<typeof createWaysIn>;
