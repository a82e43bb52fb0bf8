import type { App } from '../../server/app.ts';
import type { Workshop } from '../../shared/schemas/workshops.ts';
import { as } from './forums.ts';

type Account = Parameters<typeof as>[1];

const HOUR = 3600_000;

/** Schedules a workshop through the API (starting in an hour unless told otherwise). */
export async function scheduleWorkshop(
  app: App,
  host: Account,
  slug: string,
  overrides: Partial<{ title: string; description: string; kind: string; startsAt: string; endsAt: string; language: string; capacity: number | null; videoUrl: string; hosts: string[] }> = {},
): Promise<Workshop> {
  const startsAt = overrides.startsAt ?? new Date(Date.now() + HOUR).toISOString();
  const response = await as(app, host).post(`/api/communities/${slug}/workshops`, {
    title: 'Evaluación de competencias en la formación dual',
    description: 'Cómo evaluamos en la empresa y en el **centro**.',
    kind: 'workshop',
    language: 'es',
    endsAt: new Date(new Date(startsAt).getTime() + 2 * HOUR).toISOString(),
    ...overrides,
    startsAt,
  });
  if (response.statusCode !== 201) throw new Error(`workshop: ${response.statusCode} ${response.body}`);
  return response.json().workshop as Workshop;
}

/** A workshop whose room the host has opened. */
export async function openWorkshop(app: App, host: Account, slug: string, overrides: Parameters<typeof scheduleWorkshop>[3] = {}) {
  const workshop = await scheduleWorkshop(app, host, slug, overrides);
  const opened = await as(app, host).post(`/api/workshops/${workshop.id}/open`);
  if (opened.statusCode !== 200) throw new Error(`open: ${opened.statusCode} ${opened.body}`);
  return opened.json().workshop as Workshop;
}
