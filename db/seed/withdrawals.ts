import { sql } from 'drizzle-orm';
import { exec, row, transaction } from '../access.ts';
import type { Db } from '../client.ts';

/** When the demo's editor withdrew each record: fixed, so the demo is the same on every run. */
const WITHDRAWN_AT = [Date.UTC(2026, 1, 10, 14, 30), Date.UTC(2026, 2, 3, 9, 15), Date.UTC(2026, 3, 21, 16, 45)];

/**
 * A few withdrawn knowledge records (tombstones), so the demo shows what editors see on one and
 * what OAI-PMH reports (deleted headers): an outdated resource, a resource loaded twice, an
 * experience its institution asked to take down. None is cited by a discussion (posts are
 * cooked on write; the app cooks citing posts again when it withdraws, a seed has no events).
 * Withdrawn by the demo editor, each with its revision. Deterministic.
 */
export async function seedWithdrawals(db: Db, progress: (line: string) => void): Promise<{ withdrawn: number }> {
  const editor = (await row<{ id: number }>(db, sql`SELECT id FROM users WHERE role = 'editor' ORDER BY id LIMIT 1`))?.id ?? null;
  const uncited = (type: string, alias: string) =>
    sql.raw(`NOT EXISTS (SELECT 1 FROM post_links l WHERE l.link_type = '${type}' AND l.target_id = ${alias}.id)`);
  const outdated = await row<{ id: number; title: string; year: number }>(
    db,
    sql`SELECT r.id, r.title, r.year FROM resources r WHERE r.year IS NOT NULL AND r.year < 2012 AND ${uncited('resource', 'r')}
        ORDER BY r.year, r.id LIMIT 1`,
  );
  const twice = await row<{ id: number; original: number }>(
    db,
    sql`SELECT r.id, min(o.id) AS original FROM resources r JOIN resources o ON o.title = r.title AND o.id < r.id
        WHERE ${uncited('resource', 'r')} GROUP BY r.id ORDER BY r.id LIMIT 1`,
  );
  const experience = await row<{ id: number; institution: string | null }>(
    db,
    sql`SELECT e.id, i.acronym AS institution FROM experiences e LEFT JOIN institutions i ON i.id = e.institution_id
        WHERE e.institution_id IS NOT NULL AND ${uncited('experience', 'e')} ORDER BY e.id LIMIT 1`,
  );

  const chosen: { kind: 'resources' | 'experiences'; id: number; reason: string }[] = [];
  if (outdated) {
    chosen.push({
      kind: 'resources',
      id: outdated.id,
      reason: `Versión superada: la edición de ${outdated.year} fue reemplazada por una actualizada y el enlace original ya no funciona.`,
    });
  }
  if (twice && twice.id !== outdated?.id) {
    chosen.push({ kind: 'resources', id: twice.id, reason: `Registro duplicado del recurso ${twice.original}: la misma publicación se cargó dos veces.` });
  }
  if (experience) {
    chosen.push({
      kind: 'experiences',
      id: experience.id,
      reason: `Retirada a pedido de ${experience.institution ?? 'la institución'}: la experiencia se integró en un informe regional que se publicará aparte.`,
    });
  }

  for (const [i, record] of chosen.entries()) {
    const at = WITHDRAWN_AT[i]!;
    await transaction(db, async () => {
      await exec(db, sql`UPDATE ${sql.raw(record.kind)} SET withdrawn_at = ${at}, withdrawn_by = ${editor}, withdrawn_reason = ${record.reason}, updated_at = ${at}
                 WHERE id = ${record.id}`);
      await exec(db, sql`INSERT INTO knowledge_revisions (kind, item_id, editor_id, changes, created_at)
                 VALUES (${record.kind}, ${record.id}, ${editor}, ${JSON.stringify({ withdrawal: { before: '', after: record.reason } })}, ${at})`);
    });
  }
  progress(`withdrawn records ${chosen.length}`);
  return { withdrawn: chosen.length };
}
