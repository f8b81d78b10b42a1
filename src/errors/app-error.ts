/** An error the API answers with its own status and machine-readable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);

export const validationError = (message: string, details: unknown) =>
  new AppError(422, 'validation_failed', message, details);

/** One invalid field, in the same shape zod issues are reported. */
export const invalidField = (path: (string | number)[], message: string, extra?: Record<string, unknown>) =>
  validationError(`${path.join('.')}: ${message}`, [{ path, message, ...extra }]);
