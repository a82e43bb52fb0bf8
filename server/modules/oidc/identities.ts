import type { LinkedIdentity } from '../../../shared/schemas/oidc.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { PresenceProof, StepUp } from '../auth/step-up.ts';
import type { WaysIn } from '../auth/ways-in.ts';
import type { OidcProviders } from './providers.ts';
import type { OidcRepository } from './repository.ts';

/** The member's linked providers, as settings show and remove them. */
export function createOidcIdentities(deps: { repo: OidcRepository; providers: OidcProviders; stepUp: StepUp; waysIn: WaysIn }) {
  const { repo, providers } = deps;
  return {
    async list(actor: Actor | null): Promise<LinkedIdentity[]> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const rows = await repo.identitiesOf(actor.id);
      const names = new Map<string, string>();
      for (const row of rows) if (!names.has(row.providerId)) names.set(row.providerId, (await providers.find(row.providerId))?.name ?? row.providerId);
      return rows.map((row) => ({
        id: row.id,
        providerId: row.providerId,
        providerName: names.get(row.providerId)!,
        email: row.email,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      }));
    },

    /** Confirmed like every sensitive change; never the account's last way in. */
    async remove(actor: Actor | null, sessionId: string | null, id: number, proof: PresenceProof): Promise<void> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!(await repo.identitiesOf(actor.id)).some((row) => row.id === id)) throw new AppError('IDENTITY_NOT_FOUND');
      if ((await deps.waysIn.total(actor.id)) <= 1) throw new AppError('LAST_WAY_IN');
      await deps.stepUp.confirm(actor, sessionId, proof);
      if (!(await repo.deleteIdentity(actor.id, id))) throw new AppError('IDENTITY_NOT_FOUND');
    },
  };
}

export type OidcIdentities = ReturnType<typeof createOidcIdentities>;
