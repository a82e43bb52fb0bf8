import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { dataExports, users } from '../schema/index.ts';

const DAY = 24 * 3_600_000;

/**
 * "My data" in the demo: the demo teacher (ana_docente) downloaded her data twice before, so
 * her settings page lists earlier exports. Both are past their 24 hours: expired, their files
 * gone (a seed writes no ZIP). Dates follow `now`; deterministic.
 */
export async function seedMyData(db: Db, options: { now: Date; progress: (line: string) => void }): Promise<{ exports: number }> {
  const [member] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'ana_docente')).limit(1);
  if (!member) return { exports: 0 };
  const rows = [
    { daysAgo: 41, size: 184_320 },
    { daysAgo: 9, size: 201_728 },
  ].map(({ daysAgo, size }, index) => {
    const createdAt = new Date(options.now.getTime() - daysAgo * DAY);
    const finishedAt = new Date(createdAt.getTime() + 90_000);
    return {
      userId: member.id,
      status: 'expired' as const,
      progress: 1,
      token: `demo-expired-export-${index + 1}`,
      fileName: null,
      size,
      createdAt,
      finishedAt,
      expiresAt: new Date(finishedAt.getTime() + DAY),
    };
  });
  await db.insert(dataExports).values(rows);
  options.progress(`data exports ${rows.length}/${rows.length}`);
  return { exports: rows.length };
}
