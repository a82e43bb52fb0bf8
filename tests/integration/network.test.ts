import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.app.close();
});

describe('countries and institutions of the network', () => {
  it('lists the countries with names in the three languages and their institution counts', async () => {
    const response = await t.app.inject({ url: '/api/countries' });
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items.length).toBeGreaterThanOrEqual(25);
    const codes = items.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['BR', 'CO', 'ES', 'PT', 'CV', 'UY', 'JM']));
    expect(items.find((c: { code: string }) => c.code === 'BR')).toMatchObject({
      names: { es: 'Brasil', pt: 'Brasil', en: 'Brazil' },
      institutionCount: expect.any(Number),
    });
  });

  it('pages through every institution with keyset cursors, without repeats', async () => {
    const seen = new Set<number>();
    let cursor: string | null = null;
    let total = 0;
    do {
      const query: string = cursor ? `?limit=20&cursor=${cursor}` : '?limit=20';
      const response = await t.app.inject({ url: `/api/institutions${query}` });
      expect(response.statusCode).toBe(200);
      const page = response.json();
      total = page.total;
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(55);
  });

  it('filters by country, kind and text, with facets over the filtered set', async () => {
    const brazil = (await t.app.inject({ url: '/api/institutions?country=BR&limit=100' })).json();
    expect(brazil.items.length).toBeGreaterThan(3);
    expect(brazil.items.every((i: { countryCode: string }) => i.countryCode === 'BR')).toBe(true);
    expect(brazil.facets.country).toEqual([{ value: 'BR', count: brazil.total }]);

    const senai = (await t.app.inject({ url: '/api/institutions?q=senai' })).json();
    expect(senai.items.map((i: { acronym: string }) => i.acronym)).toContain('SENAI');

    const associated = (await t.app.inject({ url: '/api/institutions?kind=associated&limit=100' })).json();
    expect(associated.items.every((i: { kind: string }) => i.kind === 'associated')).toBe(true);
  });

  it('gives network figures for the home page', async () => {
    const stats = (await t.app.inject({ url: '/api/network' })).json();
    expect(stats).toMatchObject({ countries: expect.any(Number), institutions: expect.any(Number), members: 0 });
    expect(stats.institutions).toBeGreaterThanOrEqual(55);
  });
});
