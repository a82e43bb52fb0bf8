import { randomBytes } from 'node:crypto';
import type { MailingListState, MailingListSubscriptions, MailingListUnsubscribeState } from '../../../shared/schemas/mailing-list.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import type { MailingListRepository } from './repository.ts';

/** A member's choice of mailing-list mode per community; the mail itself is in mailer.ts. */
export function createMailingListService(deps: { repo: MailingListRepository; gate: CommunityGate }) {
  const { repo, gate } = deps;

  function requireActor(actor: Actor | null): asserts actor is Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
  }

  return {
    async state(actor: Actor | null, slug: string): Promise<MailingListState> {
      requireActor(actor);
      const { community } = await gate.bySlug(actor, slug);
      return { enabled: (await repo.find(actor.id, community.id)) !== undefined };
    },

    /** Turning it on is for active members; turning it off always works. */
    async set(actor: Actor | null, slug: string, enabled: boolean): Promise<MailingListState> {
      requireActor(actor);
      const { community, membership } = await gate.bySlug(actor, slug);
      if (!enabled) {
        await repo.unsubscribe(actor.id, community.id);
        return { enabled: false };
      }
      if (membership?.status !== 'active') throw new AppError('NOT_A_MEMBER');
      await repo.subscribe(actor.id, community.id, randomBytes(24).toString('base64url'));
      return { enabled: true };
    },

    async mine(actor: Actor | null): Promise<MailingListSubscriptions> {
      requireActor(actor);
      const visible: { slug: string; name: string }[] = [];
      for (const subscription of await repo.ofUser(actor.id)) {
        try {
          await gate.byId(actor, subscription.communityId);
          visible.push(subscription);
        } catch {
          // A community the member may no longer read is left out.
        }
      }
      return { items: visible.map(({ slug, name }) => ({ slug, name })) };
    },

    /** From a mail's List-Unsubscribe, without signing in: the token is the subscription's own. */
    async unsubscribe(token: string): Promise<void> {
      await repo.unsubscribeByToken(token);
    },

    /**
     * What a list mail's link is about, for the page that confirms (the token is the credential).
     * A used or unknown token reads as "off": the subscription it named is gone either way.
     */
    async unsubscribeState(token: string): Promise<MailingListUnsubscribeState> {
      const community = (await repo.communityOfToken(token)) ?? null;
      return { enabled: community !== null, community };
    },

    /** Whether a token still names a subscription (the inbound listener asks at RCPT TO). */
    knowsToken: (token: string): Promise<boolean> => repo.hasToken(token),
  };
}

export type MailingListService = ReturnType<typeof createMailingListService>;
