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
    state(actor: Actor | null, slug: string): MailingListState {
      requireActor(actor);
      const { community } = gate.bySlug(actor, slug);
      return { enabled: repo.find(actor.id, community.id) !== undefined };
    },

    /** Turning it on is for active members; turning it off always works. */
    set(actor: Actor | null, slug: string, enabled: boolean): MailingListState {
      requireActor(actor);
      const { community, membership } = gate.bySlug(actor, slug);
      if (!enabled) {
        repo.unsubscribe(actor.id, community.id);
        return { enabled: false };
      }
      if (membership?.status !== 'active') throw new AppError('NOT_A_MEMBER');
      repo.subscribe(actor.id, community.id, randomBytes(24).toString('base64url'));
      return { enabled: true };
    },

    mine(actor: Actor | null): MailingListSubscriptions {
      requireActor(actor);
      const visible = repo.ofUser(actor.id).filter(({ communityId }) => {
        try {
          gate.byId(actor, communityId);
          return true;
        } catch {
          return false;
        }
      });
      return { items: visible.map(({ slug, name }) => ({ slug, name })) };
    },

    /** From a mail's List-Unsubscribe, without signing in: the token is the subscription's own. */
    unsubscribe(token: string): void {
      repo.unsubscribeByToken(token);
    },

    /**
     * What a list mail's link is about, for the page that confirms (the token is the credential).
     * A used or unknown token reads as "off": the subscription it named is gone either way.
     */
    unsubscribeState(token: string): MailingListUnsubscribeState {
      const community = repo.communityOfToken(token) ?? null;
      return { enabled: community !== null, community };
    },

    /** Whether a token still names a subscription (the inbound listener asks at RCPT TO). */
    knowsToken: (token: string): boolean => repo.hasToken(token),
  };
}

export type MailingListService = ReturnType<typeof createMailingListService>;
