/** Every error the application means to show to a client has a code from this list. */
export const DOMAIN_ERROR_CODES = [
  'PLAN_NOT_FOUND',
  'AGENCY_NOT_FOUND',
  'GROUP_NOT_FOUND',
  'DEFINITIONS_INVALID',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'PLAN_NOT_ACTIVE',
  'INSTANCE_NOT_FOUND',
  'TRANSITION_REFUSED',
  'IMPORT_FILE_INVALID',
  'FORBIDDEN',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_TYPE_REFUSED',
  'FILE_INFECTED',
  'STORAGE_FAILED',
  'UNAUTHENTICATED',
  'CSRF_FAILED',
  'TOO_MANY_ATTEMPTS',
  'NOTHING_TO_DO',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A failure that belongs to the domain, thrown by services; turned into HTTP at the edge only. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The one table from domain error codes to HTTP statuses. */
export const HTTP_STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  PLAN_NOT_FOUND: 404,
  AGENCY_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  NOT_FOUND: 404,
  DEFINITIONS_INVALID: 422,
  VALIDATION_FAILED: 400,
  PLAN_NOT_ACTIVE: 409,
  INSTANCE_NOT_FOUND: 404,
  TRANSITION_REFUSED: 409,
  IMPORT_FILE_INVALID: 422,
  FORBIDDEN: 403,
  FILE_EMPTY: 400,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_REFUSED: 415,
  FILE_INFECTED: 422,
  STORAGE_FAILED: 503,
  UNAUTHENTICATED: 401,
  CSRF_FAILED: 403,
  TOO_MANY_ATTEMPTS: 429,
  NOTHING_TO_DO: 409,
};
