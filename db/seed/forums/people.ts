/**
 * The synthetic members of the demo network: ~240 practitioners with Ibero-American, Lusophone
 * and Caribbean names, each attached to a real member institution. Built deterministically from
 * name lists with the seeded PRNG; nothing here touches the database.
 */
import { DEMO_ACCOUNTS } from '../data/people.ts';
import { COMMON, fill, Random, THEMES, THEME_KEYS, type Lang, type ThemeKey } from './templates/index.ts';

export const MEMBER_COUNT = 240;
const SPECIALIST_COUNT = 10;
/** How the members split by first language: es ~60 %, pt ~25 %, en ~15 %. */
const LANGUAGE_SHARE: Record<Lang, number> = { es: 0.6, pt: 0.25, en: 0.15 };

export interface InstitutionInfo {
  id: number;
  acronym: string;
  name: string;
  countryCode: string;
  city: string | null;
}

export interface MemberSeed {
  username: string;
  displayName: string;
  email: string;
  /** First language first. */
  languages: Lang[];
  bio: string;
  specialist: boolean;
  institutionId: number;
  countryCode: string;
  /** Themes the person works on, most important first; a specialist's first one is their specialty. */
  interests: ThemeKey[];
  createdAt: Date;
  /** How much the person writes, relative to others (a long tail of occasional posters). */
  activity: number;
}

const LUSOPHONE = new Set(['BR', 'PT', 'CV']);
const ANGLOPHONE = new Set(['BB', 'BS', 'JM', 'TT', 'SR', 'HT']);

/** The language people of a member country write in here (Haiti and Suriname: English, the network's lingua franca for them). */
export function languageOfCountry(code: string): Lang {
  if (LUSOPHONE.has(code)) return 'pt';
  if (ANGLOPHONE.has(code)) return 'en';
  return 'es';
}

export const FIRST_NAMES: Record<Lang, string[]> = {
  es: [
    'María', 'José', 'Ana', 'Carmen', 'Laura', 'Valentina', 'Camila', 'Daniela', 'Gabriela', 'Andrea',
    'Paola', 'Mariana', 'Florencia', 'Sofía', 'Verónica', 'Patricia', 'Claudia', 'Rosa', 'Adriana', 'Natalia',
    'Silvia', 'Elena', 'Julieta', 'Ximena', 'Fernanda', 'Marcela', 'Lorena', 'Beatriz', 'Juan', 'Luis',
    'Jorge', 'Diego', 'Andrés', 'Miguel', 'Javier', 'Alejandro', 'Ricardo', 'Fernando', 'Roberto', 'Pablo',
    'Martín', 'Sebastián', 'Gustavo', 'Raúl', 'Héctor', 'Óscar', 'Eduardo', 'Mauricio', 'Rodrigo', 'Hernán',
    'Esteban', 'Ignacio', 'Guillermo', 'Tomás', 'Francisco', 'Yolanda',
  ],
  pt: [
    'Ana', 'Maria', 'João', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Felipe', 'Thiago', 'Bruno',
    'Gustavo', 'Rodrigo', 'André', 'Marcelo', 'Paulo', 'Ricardo', 'Fernanda', 'Juliana', 'Camila', 'Beatriz',
    'Mariana', 'Larissa', 'Patrícia', 'Aline', 'Renata', 'Luciana', 'Carla', 'Vanessa', 'Tatiana', 'Débora',
    'Helena', 'Inês', 'Rui', 'Tiago', 'Nuno', 'Sérgio', 'Joana', 'Catarina', 'Filipa', 'Adilson',
    'Euclides', 'Odete', 'Manuel', 'Francisca',
  ],
  en: [
    'Andre', 'Kemar', 'Shanice', 'Tamika', 'Marcia', 'Donovan', 'Dwayne', 'Keisha', 'Nadine', 'Trevor',
    'Omar', 'Anika', 'Camille', 'Kerry-Ann', 'Jerome', 'Rajesh', 'Vishnu', 'Anjali', 'Kavita', 'Sasha',
    'Damian', 'Natalie', 'Rohan', 'Jean', 'Marie', 'Lisa', 'Kevin', 'Patrice', 'Claudette', 'Desmond',
    'Winston', 'Candice', 'Jamal', 'Latoya', 'Sherwin', 'Roxanne', 'Indira', 'Priya', 'Curtis', 'Monique',
  ],
};

export const SURNAMES: Record<Lang, string[]> = {
  es: [
    'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Díaz',
    'Torres', 'Ramírez', 'Flores', 'Rojas', 'Vargas', 'Castro', 'Morales', 'Ortiz', 'Herrera', 'Medina',
    'Quispe', 'Mamani', 'Gutiérrez', 'Chávez', 'Reyes', 'Mendoza', 'Ruiz', 'Álvarez', 'Romero', 'Navarro',
    'Aguilar', 'Vega', 'Cabrera', 'Paredes', 'Salazar', 'Cruz', 'Espinoza', 'Benítez', 'Acosta', 'Villalobos',
    'Castillo', 'Jiménez', 'Soto', 'Contreras', 'Fuentes', 'Núñez', 'Cáceres', 'Peralta', 'Zamora', 'Arias',
    'Molina', 'Sosa', 'Ibarra', 'Cordero', 'Valencia', 'Rivas', 'Bermúdez', 'Olivera',
  ],
  pt: [
    'Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Rodrigues', 'Almeida', 'Nascimento', 'Lima',
    'Araújo', 'Ferreira', 'Carvalho', 'Gomes', 'Martins', 'Rocha', 'Ribeiro', 'Barbosa', 'Cardoso', 'Teixeira',
    'Moreira', 'Cavalcanti', 'Mendes', 'Freitas', 'Pinto', 'Sousa', 'Fonseca', 'Marques', 'Correia', 'Tavares',
    'Semedo', 'Fortes', 'Lopes', 'Monteiro', 'Varela', 'Andrade', 'Brito', 'Duarte', 'Vieira', 'Machado',
  ],
  en: [
    'Campbell', 'Brown', 'Williams', 'Thompson', 'Grant', 'Clarke', 'Reid', 'Greenidge', 'Best', 'Worrell',
    'Rolle', 'Knowles', 'Ferguson', 'Pinder', 'Ramkissoon', 'Persad', 'Maharaj', 'Mohammed', 'Ali', 'Joseph',
    'Pierre', 'Baptiste', 'Charles', 'Ramdin', 'Sewdien', 'Pinas', 'Bissessar', 'Edwards', 'Gordon', 'Henry',
    'Morgan', 'Hinds', 'Forde', 'Sealy', 'Thomas', 'Jules', 'Toussaint', 'Alexis', 'Bailey', 'Francis',
  ],
};

const DOMAINS = ['example.org', 'example.net', 'example.com'];
/** The themes specialists are known for (two themes have none: the moderators cover them). */
const SPECIALTIES: ThemeKey[] = ['competencies', 'rpl', 'dual', 'ict', 'green', 'quality', 'gender', 'youth', 'trainers', 'lmi'];

const EPOCH_FROM = Date.UTC(2024, 8, 1); // members registered between September 2024…
const EPOCH_TO = Date.UTC(2025, 2, 31); // …and the end of March 2025, before the communities opened

/** Lower-case ASCII for usernames and e-mail addresses: "Óscar Núñez" → "oscar", "nunez". */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function languagesFor(rng: Random, primary: Lang): Lang[] {
  const r = rng.next();
  if (primary === 'es') return r < 0.45 ? ['es'] : r < 0.75 ? ['es', 'en'] : ['es', 'pt'];
  if (primary === 'pt') return r < 0.35 ? ['pt'] : r < 0.8 ? ['pt', 'es'] : ['pt', 'en'];
  return r < 0.5 ? ['en'] : ['en', 'es'];
}

/** Builds the members; `institutions` are the seeded ones (with their ids), in any stable order. */
export function buildMembers(institutions: readonly InstitutionInfo[], count = MEMBER_COUNT): MemberSeed[] {
  const rng = new Random('minga:forums:people');
  const byLang: Record<Lang, InstitutionInfo[]> = { es: [], pt: [], en: [] };
  for (const inst of [...institutions].sort((a, b) => a.id - b.id)) byLang[languageOfCountry(inst.countryCode)].push(inst);

  // First languages in fixed proportions, in a shuffled order.
  const quota = { pt: Math.round(count * LANGUAGE_SHARE.pt), en: Math.round(count * LANGUAGE_SHARE.en) };
  const primaries = rng.shuffle<Lang>([
    ...Array<Lang>(quota.pt).fill('pt'),
    ...Array<Lang>(quota.en).fill('en'),
    ...Array<Lang>(count - quota.pt - quota.en).fill('es'),
  ]);

  const usernames = new Set(DEMO_ACCOUNTS.map((a) => a.username));
  const emails = new Set(DEMO_ACCOUNTS.map((a) => a.email));
  const fullNames = new Set(DEMO_ACCOUNTS.map((a) => a.displayName));
  const perLang: Record<Lang, number> = { es: 0, pt: 0, en: 0 };
  // Specialists: the first members of each language in a fixed pattern (6 es, 3 pt, 1 en).
  const specialistSlots: Record<Lang, number> = { es: 6, pt: 3, en: 1 };
  let specialistsSoFar = 0;

  const members: MemberSeed[] = [];
  for (const primary of primaries) {
    const k = perLang[primary]++;
    const pool = byLang[primary].length > 0 ? byLang[primary] : byLang.es;
    const institution = pool[k % pool.length];

    let displayName = '';
    let first = '';
    let last = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      first = rng.pick(FIRST_NAMES[primary]);
      last = rng.pick(SURNAMES[primary]);
      const second = primary !== 'en' && rng.chance(primary === 'es' ? 0.35 : 0.5) ? rng.pick(SURNAMES[primary]) : '';
      displayName = second && second !== last ? `${first} ${last} ${second}` : `${first} ${last}`;
      if (!fullNames.has(displayName)) break;
    }
    fullNames.add(displayName);

    const f = ascii(first.split(/[ -]/)[0]);
    const l = ascii(last);
    const style = rng.int(0, 4);
    const base = [`${f}_${l}`, `${f[0]}${l}`, `${f}-${l}`, `${f}${l}`, `${f}_${l[0]}`][style].slice(0, 26);
    let username = base;
    for (let n = 2; usernames.has(username); n++) username = `${base}${n}`;
    usernames.add(username);

    const domain = DOMAINS[members.length % DOMAINS.length];
    let email = `${f}.${l}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${f}.${l}${n}@${domain}`;
    emails.add(email);

    const specialist = specialistSlots[primary] > 0 && k % 7 === 3 && specialistsSoFar < SPECIALIST_COUNT;
    if (specialist) {
      specialistSlots[primary]--;
      specialistsSoFar++;
    }
    const interests = rng.sample(THEME_KEYS, rng.int(1, 3));
    if (specialist) {
      const specialty = SPECIALTIES[(specialistsSoFar - 1) % SPECIALTIES.length];
      interests.splice(0, interests.length, specialty, ...interests.filter((t) => t !== specialty).slice(0, 2));
    }

    const vars = {
      inst: institution.acronym,
      city: institution.city ?? '',
      area: THEMES[interests[0]][primary].specialty,
      sector: rng.pick(COMMON[primary].sectors),
    };
    const bioTemplate = specialist ? COMMON[primary].specialistBio : rng.pick(COMMON[primary].bios);
    const bio = fill(rng, institution.city ? bioTemplate : bioTemplate.replace(/,? ?\(?\{city\}\)?/g, ''), vars);

    members.push({
      username,
      displayName,
      email,
      languages: languagesFor(rng, primary),
      bio,
      specialist,
      institutionId: institution.id,
      countryCode: institution.countryCode,
      interests,
      createdAt: new Date(EPOCH_FROM + Math.floor(rng.next() * (EPOCH_TO - EPOCH_FROM))),
      activity: Math.min(12, Math.pow(1 - rng.next(), -0.8)) * (specialist ? 2.5 : 1),
    });
  }
  return members;
}
