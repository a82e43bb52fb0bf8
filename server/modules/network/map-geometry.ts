import { createRequire } from 'node:module';
import { geoCentroid, geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import { feature, merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** ISO 3166-1 numeric codes (world-atlas ids) of the network's countries, by alpha-2 code. */
export const NUMERIC_CODES: Readonly<Record<string, string>> = {
  AR: '032', BB: '052', BO: '068', BR: '076', BS: '044', CL: '152', CO: '170', CR: '188', CU: '192', CV: '132',
  DO: '214', EC: '218', ES: '724', GT: '320', HN: '340', HT: '332', JM: '388', MX: '484', NI: '558', PA: '591',
  PE: '604', PT: '620', PY: '600', SR: '740', SV: '222', TT: '780', UY: '858', VE: '862',
};

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 620;

/** Path data with one decimal: a tenth of a pixel is below what a screen shows. */
const DIGITS = 1;

export interface CountryShape {
  code: string;
  path: string;
  x: number;
  y: number;
}

export interface MapGeometry {
  land: string;
  countries: Map<string, CountryShape>;
  /** A place's position on the map, or null when it falls outside. */
  project(lat: number, lon: number): { x: number; y: number } | null;
}

type CountriesTopology = Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;

/**
 * The map's shapes, projected once for the network's countries (world-atlas at 1:110m, small
 * enough to ship in the page; 1:50m for the islands the coarse file leaves out): SVG path
 * data, so the page is drawn by the server and no topology reaches the browser. Countries outside the network are one grey
 * `land` path clipped to the frame.
 */
function projectNetwork(codes: readonly string[]): MapGeometry {
  const require = createRequire(import.meta.url);
  const world = require('world-atlas/countries-110m.json') as CountriesTopology;
  const detailed = require('world-atlas/countries-50m.json') as CountriesTopology;
  const featuresOf = (topology: CountriesTopology) =>
    (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  // The coarse shapes where they exist; the islands too small for them (Barbados, Cape Verde) from 1:50m.
  const byNumeric = new Map(featuresOf(detailed).map((f) => [String(f.id), f]));
  for (const f of featuresOf(world)) byNumeric.set(String(f.id), f);
  const shapes = codes
    .map((code) => ({ code, shape: byNumeric.get(NUMERIC_CODES[code] ?? '') }))
    .filter((c): c is { code: string; shape: Feature<Geometry, { name: string }> } => c.shape !== undefined);

  const padding = 12;
  const projection: GeoProjection = geoNaturalEarth1().fitExtent(
    [
      [padding, padding],
      [MAP_WIDTH - padding, MAP_HEIGHT - padding],
    ],
    { type: 'FeatureCollection', features: shapes.map((s) => s.shape) },
  );
  projection.clipExtent([
    [0, 0],
    [MAP_WIDTH, MAP_HEIGHT],
  ]);
  const path = geoPath(projection).digits(DIGITS);

  const network = new Set(shapes.map((s) => NUMERIC_CODES[s.code]));
  const others = world.objects.countries.geometries.filter((g) => !network.has(String(g.id)));
  const land = path(merge(world, others as Parameters<typeof merge>[1])) ?? '';

  const round = (n: number) => Math.round(n * 10) / 10;
  const countries = new Map<string, CountryShape>();
  for (const { code, shape } of shapes) {
    const [x, y] = projection(geoCentroid(shape)) ?? [0, 0];
    countries.set(code, { code, path: path(shape) ?? '', x: round(x), y: round(y) });
  }
  return {
    land,
    countries,
    project(lat, lon) {
      const point = projection([lon, lat]);
      if (!point) return null;
      const [x, y] = point;
      if (x < 0 || y < 0 || x > MAP_WIDTH || y > MAP_HEIGHT) return null;
      return { x: round(x), y: round(y) };
    },
  };
}

let cached: { key: string; geometry: MapGeometry } | null = null;

/** The projected shapes for these countries, computed on first use and kept (they never change). */
export function mapGeometry(codes: readonly string[]): MapGeometry {
  const key = [...codes].sort().join(',');
  if (cached?.key !== key) cached = { key, geometry: projectNetwork(codes) };
  return cached.geometry;
}
