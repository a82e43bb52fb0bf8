import { createRequire } from 'node:module';
import { geoContains, geoDistance } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { COUNTRIES } from '../../db/seed/data/countries.ts';
import { coordinatesOf, INSTITUTIONS } from '../../db/seed/data/institutions.ts';
import { NUMERIC_CODES } from '../../server/modules/network/map-geometry.ts';

const require = createRequire(import.meta.url);
const world = require('world-atlas/countries-10m.json') as Topology<{ countries: GeometryCollection }>;
const shapes = new Map(
  (feature(world, world.objects.countries) as FeatureCollection<Geometry>).features.map((f): [string, Feature<Geometry>] => [String(f.id), f]),
);

/** About 15 km: a port city's point may sit just off a coastline drawn at 1:10m. */
const NEAR = 15 / 6371;

describe('the demo institutions are where their cities are', () => {
  it('has a world-atlas shape for every country of the network', () => {
    for (const country of COUNTRIES) expect(shapes.has(NUMERIC_CODES[country.code] ?? ''), country.code).toBe(true);
  });

  it('gives every institution coordinates inside (or at the coast of) its own country', () => {
    for (const institution of INSTITUTIONS) {
      const point = coordinatesOf(institution);
      expect(point, `${institution.acronym} (${institution.city})`).not.toBeNull();
      const shape = shapes.get(NUMERIC_CODES[institution.countryCode]!)!;
      const at: [number, number] = [point!.lon, point!.lat];
      const inside = geoContains(shape, at);
      const nearest = inside ? 0 : Math.min(...coordinatesOfShape(shape).map((vertex) => geoDistance(vertex, at)));
      expect(nearest, `${institution.acronym} in ${institution.city}, ${institution.countryCode}`).toBeLessThan(NEAR);
    }
  });
});

function coordinatesOfShape(shape: Feature<Geometry>): [number, number][] {
  const geometry = shape.geometry;
  if (geometry.type === 'Polygon') return geometry.coordinates.flat() as [number, number][];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat(2) as [number, number][];
  return [];
}
