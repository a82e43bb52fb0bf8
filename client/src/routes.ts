import type { Component } from 'svelte';
import { compileRoutes, type PageModule } from './lib/router.svelte.ts';

const modules = import.meta.glob<{ default: Component<any> }>(['./pages/**/*Page.svelte', '!./pages/errors/**']);

/** A page by its file under pages/ ('threads/ThreadPage'); the server also finds its chunk by `source`. */
function page(name: string): PageModule {
  const load = modules[`./pages/${name}.svelte`];
  if (!load) throw new Error(`no page ${name}`);
  return { source: `src/pages/${name}.svelte`, load };
}

/**
 * Page addresses are a contract (DESIGN.md, "Pages"): links get shared and bookmarked.
 * Each page is its own chunk, loaded when first visited: a thread page downloads only what a
 * thread needs.
 */
export const routes = compileRoutes([
  { path: '/', page: page('home/HomePage') },
  { path: '/login', page: page('auth/LoginPage') },
  { path: '/register', page: page('auth/RegisterPage') },
  { path: '/settings', page: page('settings/SettingsPage'), signedIn: true },
  { path: '/u/:username', page: page('users/ProfilePage') },
  { path: '/communities', page: page('communities/CommunitiesPage') },
  { path: '/c/:slug', page: page('communities/CommunityPage') },
  { path: '/c/:slug/members', page: page('communities/MembersPage') },
  { path: '/f/:forumId', page: page('forums/ForumPage') },
  { path: '/t/:threadId', page: page('threads/ThreadPage') },
  { path: '/knowledge', page: page('knowledge/KnowledgePage') },
  { path: '/knowledge/corrections', page: page('knowledge/corrections/CorrectionsPage'), signedIn: true },
  { path: '/knowledge/:kind', page: page('knowledge/KnowledgeListPage') },
  { path: '/knowledge/:kind/new', page: page('knowledge/KnowledgeEditPage'), signedIn: true },
  { path: '/knowledge/:kind/:id', page: page('knowledge/KnowledgeDetailPage') },
  { path: '/knowledge/:kind/:id/edit', page: page('knowledge/KnowledgeEditPage'), signedIn: true },
  { path: '/workshops', page: page('workshops/WorkshopsPage') },
  { path: '/w/:workshopId', page: page('workshops/WorkshopPage') },
  { path: '/search', page: page('search/SearchPage') },
  { path: '/notifications', page: page('notifications/NotificationsPage'), signedIn: true },
  { path: '/c/:slug/moderation', page: page('moderation/ModerationPage'), signedIn: true },
  { path: '/moderation', page: page('moderation/SiteModerationPage'), signedIn: true },
  { path: '/admin/people', page: page('admin/PeoplePage'), signedIn: true },
  { path: '/password/forgot', page: page('auth/ForgotPasswordPage') },
  { path: '/password/reset', page: page('auth/ResetPasswordPage') },
  { path: '/admin/outbox', page: page('admin/OutboxPage'), signedIn: true },
  { path: '/admin/outbox/:id', page: page('admin/OutboxMessagePage'), signedIn: true },
  { path: '/admin/webhooks', page: page('admin/WebhooksPage'), signedIn: true },
  { path: '/unsubscribe', page: page('mail/UnsubscribePage') },
  { path: '/verify-email', page: page('auth/VerifyEmailPage') },
  { path: '/confirm-email', page: page('auth/ConfirmEmailPage') },
  { path: '/bookmarks', page: page('bookmarks/BookmarksPage'), signedIn: true },
  { path: '/cooperation', page: page('cooperation/CooperationPage') },
  { path: '/cooperation/new', page: page('cooperation/CooperationNewPage'), signedIn: true },
  { path: '/cooperation/:id', page: page('cooperation/CooperationItemPage') },
  { path: '/faq', page: page('faq/FaqPage') },
  { path: '/faq/review', page: page('faq/FaqReviewPage'), signedIn: true },
  { path: '/news', page: page('news/NewsPage') },
  { path: '/news/new', page: page('news/NewsEditPage'), signedIn: true },
  { path: '/news/:id', page: page('news/NewsItemPage') },
  { path: '/news/:id/edit', page: page('news/NewsEditPage'), signedIn: true },
  { path: '/network', page: page('network/NetworkPage') },
  { path: '/countries', page: page('network/CountriesPage') },
  { path: '/countries/:code', page: page('network/CountryPage') },
  { path: '/agreements', page: page('agreements/AgreementsPage') },
  { path: '/agreements/new', page: page('agreements/AgreementEditPage'), signedIn: true },
  { path: '/agreements/:id', page: page('agreements/AgreementPage') },
  { path: '/agreements/:id/edit', page: page('agreements/AgreementEditPage'), signedIn: true },
  { path: '/network/activity', page: page('network/ActivityPage') },
  { path: '/invite/:token', page: page('invitations/InvitePage') },
  { path: '/login/link', page: page('auth/OidcLinkPage') },
  { path: '/admin/sign-in', page: page('admin/OidcProvidersPage'), signedIn: true },
]);
