/** The API's error shape (SPEC: `{"error": {"code", "message", "details"}}`). */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

interface DetailItem {
  path?: (string | number)[];
  field?: string;
  message?: string;
  line?: number;
  column?: number;
}

/** Thrown by `unwrap` so a form can show each message next to the field it names. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }

  /** Field path ("workingHours.mon.0.to") → message, from 422 details or a 409's `field`. */
  get fields(): Record<string, string> {
    const d = this.error.details;
    const items: DetailItem[] = Array.isArray(d)
      ? d
      : d && typeof d === 'object'
        ? ((d as { errors?: DetailItem[] }).errors ?? [d as DetailItem])
        : [];
    const out: Record<string, string> = {};
    for (const item of items) {
      const key = item.path?.join('.') ?? item.field;
      if (!key || out[key]) continue;
      const where = item.line ? ` (line ${item.line}, column ${item.column})` : '';
      out[key] = `${item.message ?? this.error.message}${where}`;
    }
    return out;
  }
}

/** openapi-fetch answers `{data, error, response}`; pages want the data or an exception. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error as { error?: ApiError } | undefined)?.error;
    throw new ApiFailure(response.status, body ?? { code: 'http_error', message: `HTTP ${response.status}` });
  }
  return data as T;
}
