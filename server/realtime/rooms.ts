/**
 * Rooms are named after the thing they follow and joined only after the policy says yes.
 * Each followed thing has a moderators' room beside it: hidden content goes only there.
 */
export const rooms = {
  user: (userId: number) => `user:${userId}`,
  thread: (threadId: number) => `thread:${threadId}`,
  threadMods: (threadId: number) => `thread:${threadId}:mod`,
  forum: (forumId: number) => `forum:${forumId}`,
  forumMods: (forumId: number) => `forum:${forumId}:mod`,
  community: (communityId: number) => `community:${communityId}`,
  communityMods: (communityId: number) => `community:${communityId}:mod`,
  workshop: (workshopId: number) => `workshop:${workshopId}`,
};
