/**
 * Runtime errors with a stable `code`. A `UserError` is something the user can
 * fix (a missing file, a conflicting edit) and is shown as one line; anything
 * else is a bug in runbook itself.
 */
export class UserError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'UserError';
	}
}

export function isUserError(error: unknown): error is UserError {
	return error instanceof UserError;
}
