import { compileRoutes } from './lib/router.svelte.ts';
import LoginPage from './pages/auth/LoginPage.svelte';
import RegisterPage from './pages/auth/RegisterPage.svelte';
import CommunitiesPage from './pages/communities/CommunitiesPage.svelte';
import CommunityPage from './pages/communities/CommunityPage.svelte';
import MembersPage from './pages/communities/MembersPage.svelte';
import ForumPage from './pages/forums/ForumPage.svelte';
import HomePage from './pages/home/HomePage.svelte';
import CorrectionsPage from './pages/knowledge/corrections/CorrectionsPage.svelte';
import KnowledgeDetailPage from './pages/knowledge/KnowledgeDetailPage.svelte';
import KnowledgeEditPage from './pages/knowledge/KnowledgeEditPage.svelte';
import KnowledgeListPage from './pages/knowledge/KnowledgeListPage.svelte';
import KnowledgePage from './pages/knowledge/KnowledgePage.svelte';
import NotificationsPage from './pages/notifications/NotificationsPage.svelte';
import SearchPage from './pages/search/SearchPage.svelte';
import SettingsPage from './pages/settings/SettingsPage.svelte';
import ThreadPage from './pages/threads/ThreadPage.svelte';
import ProfilePage from './pages/users/ProfilePage.svelte';
import WorkshopsPage from './pages/workshops/WorkshopsPage.svelte';
import WorkshopPage from './pages/workshops/WorkshopPage.svelte';
import ModerationPage from './pages/moderation/ModerationPage.svelte';
import SiteModerationPage from './pages/moderation/SiteModerationPage.svelte';
import PeoplePage from './pages/admin/PeoplePage.svelte';
import ForgotPasswordPage from './pages/auth/ForgotPasswordPage.svelte';
import ResetPasswordPage from './pages/auth/ResetPasswordPage.svelte';
import OutboxPage from './pages/admin/OutboxPage.svelte';
import OutboxMessagePage from './pages/admin/OutboxMessagePage.svelte';
import UnsubscribePage from './pages/mail/UnsubscribePage.svelte';
import VerifyEmailPage from './pages/auth/VerifyEmailPage.svelte';
import ConfirmEmailPage from './pages/auth/ConfirmEmailPage.svelte';

/** Page addresses are a contract (DESIGN.md, "Pages"): links get shared and bookmarked. */
export const routes = compileRoutes([
  { path: '/', component: HomePage },
  { path: '/login', component: LoginPage },
  { path: '/register', component: RegisterPage },
  { path: '/settings', component: SettingsPage, signedIn: true },
  { path: '/u/:username', component: ProfilePage },
  { path: '/communities', component: CommunitiesPage },
  { path: '/c/:slug', component: CommunityPage },
  { path: '/c/:slug/members', component: MembersPage },
  { path: '/f/:forumId', component: ForumPage },
  { path: '/t/:threadId', component: ThreadPage },
  { path: '/knowledge', component: KnowledgePage },
  { path: '/knowledge/corrections', component: CorrectionsPage, signedIn: true },
  { path: '/knowledge/:kind', component: KnowledgeListPage },
  { path: '/knowledge/:kind/new', component: KnowledgeEditPage, signedIn: true },
  { path: '/knowledge/:kind/:id', component: KnowledgeDetailPage },
  { path: '/knowledge/:kind/:id/edit', component: KnowledgeEditPage, signedIn: true },
  { path: '/workshops', component: WorkshopsPage },
  { path: '/w/:workshopId', component: WorkshopPage },
  { path: '/search', component: SearchPage },
  { path: '/notifications', component: NotificationsPage, signedIn: true },
  { path: '/c/:slug/moderation', component: ModerationPage, signedIn: true },
  { path: '/moderation', component: SiteModerationPage, signedIn: true },
  { path: '/admin/people', component: PeoplePage, signedIn: true },
  { path: '/password/forgot', component: ForgotPasswordPage },
  { path: '/password/reset', component: ResetPasswordPage },
  { path: '/admin/outbox', component: OutboxPage, signedIn: true },
  { path: '/admin/outbox/:id', component: OutboxMessagePage, signedIn: true },
  { path: '/unsubscribe', component: UnsubscribePage },
  { path: '/verify-email', component: VerifyEmailPage },
  { path: '/confirm-email', component: ConfirmEmailPage },
]);
