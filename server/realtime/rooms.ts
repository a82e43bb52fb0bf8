/** Rooms are named after the thing they follow, joined only after the policy says yes. */
export const rooms = {
  user: (userId: number) => `user:${userId}`,
  thread: (threadId: number) => `thread:${threadId}`,
  workshop: (workshopId: number) => `workshop:${workshopId}`,
};
