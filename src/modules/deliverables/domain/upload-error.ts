/** Why an upload was refused: plain data with a code and the HTTP status the edge should use. */
export type UploadErrorCode = 'EMPTY_FILE' | 'TOO_LARGE' | 'TYPE_NOT_ALLOWED' | 'TYPE_MISMATCH' | 'INFECTED';

export interface UploadError {
  code: UploadErrorCode;
  httpStatus: 400 | 413 | 415 | 422;
  message: string;
}

export const UPLOAD_ERROR_STATUS: Record<UploadErrorCode, UploadError['httpStatus']> = {
  EMPTY_FILE: 400,
  TOO_LARGE: 413,
  TYPE_NOT_ALLOWED: 415,
  TYPE_MISMATCH: 415,
  INFECTED: 422,
};

export function uploadError(code: UploadErrorCode, message: string): UploadError {
  return { code, httpStatus: UPLOAD_ERROR_STATUS[code], message };
}

/** Carries an UploadError through a promise rejection (storage aborts mid-stream). */
export class UploadRejectedError extends Error {
  constructor(readonly error: UploadError) {
    super(error.message);
    this.name = 'UploadRejectedError';
  }
}
