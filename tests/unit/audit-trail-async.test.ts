import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/access.ts';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { moderationLog } from '../../db/schema/index.ts';
import { EventBus } from '../../server/lib/event-bus.ts';
import { createAuditTrail } from '../../server/modules/audit/trail.ts';

const opened: OpenedDb[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const entry = (targetId: number) => ({ actorId: null, action: 'test.action', communityId: null, targetType: 'thing', targetId });

describe('the audit trail with concurrent actions', () => {
  it('tells each action once its own transaction committed, never during another one', async () => {
    const database = openDatabase(':memory:');
    opened.push(database);
    const bus = new EventBus();
    const trail = createAuditTrail(database.db, bus);
    const told: { targetId: number; committed: boolean; insideTransaction: boolean }[] = [];
    bus.subscribe('audit.recorded', async ({ logId, targetId }) => {
      const [row] = await database.db.select().from(moderationLog).where(eq(moderationLog.id, logId));
      told.push({ targetId, committed: row !== undefined, insideTransaction: inTransaction(database.db) });
    });
    const hookTold: number[] = [];
    trail.addHook((e) => async () => {
      hookTold.push(e.targetId);
    });

    // Two actions interleave at their awaits; and one fails: its effects are never told.
    const slow = trail.within([entry(1)], async () => {
      await pause(20);
      return 'slow';
    });
    const failing = trail
      .within([entry(2)], async () => {
        await pause(5);
        throw new Error('no');
      })
      .catch((error: Error) => error.message);
    const nested = trail.within([entry(3)], async () => {
      await trail.within([entry(4)], async () => undefined);
      // The inner action's effects wait for the outer commit.
      expect(hookTold).not.toContain(4);
      return 'nested';
    });

    expect(await Promise.all([slow, failing, nested])).toEqual(['slow', 'no', 'nested']);
    expect(told.map((t) => t.targetId).sort()).toEqual([1, 3, 4]);
    expect(told.every((t) => t.committed && !t.insideTransaction)).toBe(true);
    expect(hookTold.sort()).toEqual([1, 3, 4]);
  });
});
