/** The in-memory plan of the forum demo data, shared by the planning, cooking, counting and writing steps. */
import type { LinkRef } from '../../../server/lib/markdown.ts';
import type { CommunitySeed, ForumSeed } from './communities.ts';
import type { InstitutionInfo } from './people.ts';
import type { Lang, ReplyRole, ThemeKey } from './templates/index.ts';

export interface Person {
  id: number;
  username: string;
  displayName: string;
  languages: Lang[];
  institution: InstitutionInfo;
  countryCode: string;
  interests: ThemeKey[];
  specialist: boolean;
  activity: number;
}

/** Country names by code, in each language of the posts. */
export type CountryNames = Map<string, Record<Lang, string>>;

/** Everyone who takes part, and what the texts need to know about them. */
export interface Cast {
  institutions: InstitutionInfo[];
  institutionById: Map<number, InstitutionInfo>;
  countryNames: CountryNames;
  /** The demo accounts, by username. */
  demo: Map<string, Person>;
  admin: Person;
  lucia: Person;
  /** The synthetic members. */
  members: Person[];
}

export interface Membership {
  person: Person;
  role: 'member' | 'moderator';
  status: 'active' | 'pending' | 'banned';
  joinedAt: number;
}

export interface ForumPlan {
  id: number;
  seed: ForumSeed;
  position: number;
  createdAt: number;
  threadCount: number;
  postCount: number;
  lastPostAt: number | null;
}

export interface CommunityPlan {
  id: number;
  index: number;
  seed: CommunitySeed;
  createdAt: number;
  forums: ForumPlan[];
  memberships: Membership[];
  /** Active members by join date. */
  active: Membership[];
  speakers: Record<Lang, Membership[]>;
  moderators: Person[];
  lastActivityAt: number | null;
}

export interface PostPlan {
  id: number;
  thread: ThreadPlan;
  seq: number;
  role: ReplyRole | 'opening' | 'welcome' | 'intro';
  author: Person;
  at: number;
  /** Markdown, as it reads now (after the edit, if any). */
  body: string;
  /** Set by the cook. */
  html: string;
  quote: string | null;
  replyTo: PostPlan | null;
  hidden: boolean;
  deletedAt: number | null;
  /** The text before the author's edit (its html set by the cook). */
  edit: { at: number; body: string; html: string } | null;
  /** Set by the cook: the people (ids) and the typed links (institutions, knowledge) the first version names. */
  mentions: number[];
  links: LinkRef[];
}

export interface ThreadPlan {
  id: number;
  community: CommunityPlan;
  forum: ForumPlan;
  createdAt: number;
  kind: 'discussion' | 'question';
  lang: Lang;
  author: Person;
  welcome: boolean;
  replies: number;
  pinned: boolean;
  locked: boolean;
  title: string;
  /** What the thread is about: an index into the templates' `sectors` (the same order in every language); null for a welcome thread. */
  sector: number | null;
  posts: PostPlan[];
  accepted: PostPlan | null;
  /** Set by the counters: visible posts, and when the last of them was written. */
  postCount: number;
  lastPostAt: number;
}
