import type { EventBus } from '../../lib/event-bus.ts';
import type { NotificationsService } from './service.ts';

/** Notifications are a side effect of what happens in discussions and communities. */
export function subscribeNotifications(bus: EventBus, notifications: NotificationsService): void {
  bus.subscribe('thread.created', (event) => notifications.onThreadCreated(event));
  bus.subscribe('post.created', (event) => notifications.onPostCreated(event));
  bus.subscribe('answer.accepted', (event) => notifications.onAnswerAccepted(event));
  bus.subscribe('community.membership.changed', (event) => notifications.onMembershipChanged(event));
  bus.subscribe('report.resolved', (event) => notifications.onReportResolved(event));
  bus.subscribe('warning.issued', (event) => notifications.onWarningIssued(event));
  bus.subscribe('audit.recorded', (event) => notifications.onAuditRecorded(event));
  bus.subscribe('post.held', (event) => notifications.onPostHeld(event));
  bus.subscribe('post.reacted', (event) => notifications.onReacted(event));
  bus.subscribe('cooperation.created', (event) => notifications.onCooperationCreated(event));
  bus.subscribe('cooperation.responded', (event) => notifications.onCooperationResponded(event));
}
