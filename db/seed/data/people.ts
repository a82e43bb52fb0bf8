/** The demo accounts the README lists. Their password comes from MINGA_DEMO_PASSWORD. */
export interface DemoAccount {
  username: string;
  displayName: string;
  email: string;
  role: 'member' | 'editor' | 'admin';
  /** What the account is for in the demo (the community roles arrive with communities). */
  persona: 'admin' | 'moderator' | 'specialist' | 'member';
  institution: { acronym: string; countryCode: string };
  languages: string[];
  bio: string;
  specialist?: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'Administración Minga',
    email: 'admin@minga.example',
    role: 'admin',
    persona: 'admin',
    institution: { acronym: 'INEFOP', countryCode: 'UY' },
    languages: ['es', 'pt', 'en'],
    bio: 'Cuenta de administración de la plataforma.',
  },
  {
    username: 'lucia_moderadora',
    displayName: 'Lucía Fernández',
    email: 'lucia@minga.example',
    role: 'editor',
    persona: 'moderator',
    institution: { acronym: 'SENA', countryCode: 'CO' },
    languages: ['es', 'en'],
    bio: 'Coordinadora de la comunidad de práctica sobre formación dual. Moderadora.',
  },
  {
    username: 'carlos_especialista',
    displayName: 'Carlos Mendoza',
    email: 'carlos@minga.example',
    role: 'member',
    persona: 'specialist',
    specialist: true,
    institution: { acronym: 'SENATI', countryCode: 'PE' },
    languages: ['es'],
    bio: 'Especialista en diseño curricular por competencias y certificación de competencias laborales.',
  },
  {
    username: 'ana_docente',
    displayName: 'Ana Souza',
    email: 'ana@minga.example',
    role: 'member',
    persona: 'member',
    institution: { acronym: 'SENAI', countryCode: 'BR' },
    languages: ['pt', 'es'],
    bio: 'Docente de mecatrônica e automação industrial.',
  },
  {
    username: 'jose_formador',
    displayName: 'José Ramírez',
    email: 'jose@minga.example',
    role: 'member',
    persona: 'member',
    institution: { acronym: 'INTECAP', countryCode: 'GT' },
    languages: ['es'],
    bio: 'Instructor de turismo y hotelería.',
  },
];
