/** A backup or a restore refused or failed for a reason the operator can act on (the tools print it as it is). */
export class OperationError extends Error {}
