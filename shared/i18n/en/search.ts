import type { esSearch } from '../es/search.ts';

/** The header search box (type-ahead) and "search this community". */
export const enSearch: Record<keyof typeof esSearch, string> = {
  'search.box.label': 'Search Minga',
  'search.box.placeholder': 'Search topics, resources, profiles…',
  'search.box.hint': 'Suggestions appear as you type; use the arrow keys to choose and Enter to open.',
  'search.box.all': 'See all results for “{q}”',
  'search.box.suggestions': 'Suggestions',
  'search.box.count.one': '{count} suggestion',
  'search.box.count.other': '{count} suggestions',
  'search.box.none': 'No suggestions: press Enter to search everything.',
  'search.group.thread': 'Topics',
  'search.group.post': 'Posts',
  'search.group.resource': 'Teaching resources',
  'search.group.experience': 'Experiences',
  'search.group.profile': 'Occupational profiles',
  'search.group.specialist': 'Specialists',
  'search.group.institution': 'Institutions',
  'search.community.label': 'Search this community',
  'search.community.placeholder': 'Words from its topics and posts',
  'search.community.only': 'Only in the {name} community',
  'search.community.everywhere': 'Search all of Minga',
  'error.SEARCH_PREFIX_TOO_SHORT': 'A word ending in * needs at least {min} letters before the *.',
  'error.SEARCH_TOO_MANY_PREFIXES': 'Use at most {max} words ending in *: write the others in full.',
};
