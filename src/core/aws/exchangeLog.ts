import { REDACTED, redact } from '../redact';

interface RequestShape {
  method?: string;
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
}

interface ResponseShape {
  statusCode?: number;
  headers?: Record<string, string>;
}

const SECRET_HEADERS = new Set(['x-amz-security-token', 'x-amz-sso_bearer_token', 'cookie', 'set-cookie']);

/** One line per request, response or failure for the debug log: metadata only, secrets redacted. */
export const describeExchange = {
  request(operation: string, request: unknown): string {
    const r = (request ?? {}) as RequestShape;
    const query = new URLSearchParams(Object.entries(r.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const url = `${r.protocol ?? 'https:'}//${r.hostname ?? '?'}${r.port ? `:${r.port}` : ''}${r.path ?? ''}${query ? `?${query}` : ''}`;
    return `→ ${operation} ${r.method ?? 'GET'} ${redact(url)} ${headers(r.headers)}`;
  },
  response(operation: string, response: unknown, ms: number): string {
    const r = (response ?? {}) as ResponseShape;
    return `← ${operation} HTTP ${r.statusCode ?? '?'} in ${ms} ms ${headers(r.headers)}`;
  },
  failure(operation: string, error: unknown, ms: number): string {
    const e = (error ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    return `✗ ${operation} ${e.name ?? 'Error'}${e.code ? ` (${e.code})` : ''} HTTP ${e.$metadata?.httpStatusCode ?? '-'} requestId=${e.$metadata?.requestId ?? '-'} in ${ms} ms`;
  },
};

function headers(all: Record<string, string> | undefined): string {
  const shown = Object.entries(all ?? {}).map(([name, value]) => {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) {
      return `${lower}: ${REDACTED}`;
    }
    if (lower === 'authorization') {
      // The credential scope helps debugging (key, date, region, service); the signature does not.
      return `${lower}: ${redact(value.replace(/Signature=[0-9a-f]+/i, `Signature=${REDACTED}`))}`;
    }
    return `${lower}: ${redact(value)}`;
  });
  return shown.length ? `{ ${shown.join(', ')} }` : '';
}
