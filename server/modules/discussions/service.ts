import { createAnswers } from './answers.ts';
import { createDiscussionsContext, type DiscussionsDeps } from './context.ts';
import { createModerating } from './moderating.ts';
import { createPlaces } from './places.ts';
import { createPosting } from './posting.ts';
import { createReactions } from './reactions.ts';
import { createReading } from './reading.ts';
import { createReadMarking } from './read-marking.ts';

/**
 * The discussions service as the routes and the other areas see it: one object whose methods
 * come from the files that hold their rules (reading, posting, reactions, answers, moderating).
 * Every method asks policy.ts first.
 */
export function createDiscussionsService(deps: DiscussionsDeps) {
  const ctx = createDiscussionsContext(deps);
  return {
    ...createReading(ctx),
    ...createPosting(ctx),
    ...createReactions(ctx),
    ...createAnswers(ctx),
    ...createModerating(ctx),
    ...createPlaces(ctx),
    ...createReadMarking(ctx),
  };
}

export type DiscussionsService = ReturnType<typeof createDiscussionsService>;
