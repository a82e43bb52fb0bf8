import { describe, expect, it } from 'vitest';
import type { ModerationLogRow } from '../../db/schema/index.ts';
import { fitsItsAction, readAction } from '../../server/modules/audit/actions.ts';
import { canSanction, isStaff } from '../../server/modules/moderation/policy.ts';

const person = (id: number, role: 'member' | 'editor' | 'admin' = 'member') => ({ id, username: `u${id}`, displayName: `U${id}`, role, locale: null });
const community = { visibility: 'public' as const, ownerId: 100 };
const moderator = { role: 'moderator' as const, status: 'active' as const };
const member = { role: 'member' as const, status: 'active' as const };

describe('canSanction: the one rule for warnings, silences, bans, suspensions and their undo', () => {
  it('nobody sanctions themselves or an admin', () => {
    expect(canSanction(person(1, 'admin'), person(1, 'admin'))).toBe(false);
    expect(canSanction(person(2), person(2), { community, membership: member })).toBe(false);
    expect(canSanction(person(1, 'admin'), person(3, 'admin'))).toBe(false);
  });

  it('a community’s moderator is sanctioned there only by admins and the owner', () => {
    expect(canSanction(person(2), person(3), { community, membership: moderator })).toBe(false);
    expect(canSanction(person(100), person(3), { community, membership: moderator })).toBe(true);
    expect(canSanction(person(1, 'admin'), person(3), { community, membership: moderator })).toBe(true);
    expect(canSanction(person(2), person(3), { community, membership: member })).toBe(true);
    // A banned former moderator is no longer protected by the role.
    expect(canSanction(person(2), person(3), { community, membership: { role: 'moderator', status: 'banned' } })).toBe(true);
  });

  it('staff are admins and the moderators of any community', async () => {
    expect(await isStaff(person(1, 'admin'), () => false)).toBe(true);
    expect(await isStaff(person(2), (id) => id === 2)).toBe(true);
    expect(await isStaff(person(3, 'editor'), () => false)).toBe(false);
  });
});

describe('the audit log’s typed actions', () => {
  const row = (action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): ModerationLogRow => ({
    id: 1,
    communityId: 1,
    actorId: 1,
    action,
    targetType: 'thread',
    targetId: 5,
    reason: null,
    before,
    after,
    undoable: true,
    undoneAt: null,
    undoneById: null,
    createdAt: new Date(),
  });

  it('reads a stored entry as its action, with its own before/after shapes', () => {
    const entry = readAction(row('thread.move', { forumId: 2, communityId: 1 }, { forumId: 3, communityId: 1 }));
    expect(entry?.action).toBe('thread.move');
    expect(entry?.before).toEqual({ forumId: 2, communityId: 1 });
  });

  it('refuses a stored entry whose shapes do not fit its action, and unknown actions', () => {
    expect(readAction(row('thread.move', { forumId: 'x' }, {}))).toBeNull();
    expect(readAction(row('thread.pin', { hidden: true }, { hidden: false }))).toBeNull();
    expect(readAction(row('workshop.pin', null, null))).toBeNull();
  });

  it('checks undoable entries when written; others are kept as they come', () => {
    const base = { actorId: 1, communityId: 1, targetType: 'post', targetId: 3 };
    expect(fitsItsAction({ ...base, action: 'post.hide', before: { hidden: false }, after: { hidden: true }, undoable: true })).toBe(true);
    expect(fitsItsAction({ ...base, action: 'post.hide', before: { hidden: 'no' }, after: { hidden: true }, undoable: true })).toBe(false);
    expect(fitsItsAction({ ...base, action: 'workshop.mute', undoable: false })).toBe(true);
    expect(fitsItsAction({ ...base, action: 'workshop.mute', undoable: true })).toBe(false);
  });
});
