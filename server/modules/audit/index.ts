/** The audit log: infrastructure below the areas (it imports none of them). */
export { createAuditTrail, noAudit, type AuditEntry, type AuditHook, type AuditTrail } from './trail.ts';
export { closedReports, handle, readAction, type ActionHandlers, type LoggedAction, type UndoableAction, type UndoableEntry } from './actions.ts';
export type { LogRow } from './repository.ts';
