/**
 * Answers that go wrong on the wire, for the fault suite: a body dripped a byte at a time, a
 * connection reset mid-body, a body far larger than any real answer, a JSON answer with fields
 * replaced (hostile strings, impossible dates, missing tokens), and a ListInstances that repeats
 * its NextToken. A fault acts on a request that passed the signature check, after the operation
 * ran: everything before the body stays the real protocol.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer } from './service';

export type Fault =
  /** Headers at once, then the body one byte per `intervalMs`. */
  | { kind: 'drip'; intervalMs: number }
  /** Headers and the first `afterBytes` bytes of the body (default: half), then the connection is destroyed. */
  | { kind: 'reset'; afterBytes?: number }
  /** The JSON body, preceded by whitespace up to `bytes` bytes, streamed without Content-Length. */
  | { kind: 'oversize'; bytes: number }
  /** Merged into the JSON answer: objects field by field, anything else (arrays included) replaced; null deletes. */
  | { kind: 'patch'; body: Record<string, unknown> }
  /** ListInstances: every page names as NextToken the token of the first page, so a naive client pages forever. */
  | { kind: 'repeatNextToken' }
  /** ListInstances: every page names a NextToken never seen before (and valid here), so a client that only looks for repeats pages forever. */
  | { kind: 'endlessNextToken' };

export const FAULT_KINDS = ['drip', 'reset', 'oversize', 'patch', 'repeatNextToken', 'endlessNextToken'] as const;
const CONTENT_FAULTS: ReadonlySet<string> = new Set(['patch', 'repeatNextToken', 'endlessNextToken']);

/** A fault applied to the answer's content, before it is sent. */
export function applyToAnswer(answer: Answer, fault: Fault, query: Record<string, unknown>): Answer {
  if (!CONTENT_FAULTS.has(fault.kind)) {
    return answer;
  }
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  if (fault.kind === 'patch') {
    return { ...answer, body: JSON.stringify(merge(body, fault.body)) };
  }
  const sent = typeof query.nextToken === 'string' ? query.nextToken : undefined;
  if (fault.kind === 'repeatNextToken') {
    return { ...answer, body: JSON.stringify({ ...body, NextToken: sent ?? body.NextToken }) };
  }
  // The emulator's token is JSON {region, offset}, extra fields ignored: a page count makes each one new.
  const token = sent ?? (typeof body.NextToken === 'string' ? body.NextToken : undefined);
  if (token === undefined) {
    return answer;
  }
  const { page = 0, ...decoded } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { page?: number };
  const next = Buffer.from(JSON.stringify({ ...decoded, page: page + 1 })).toString('base64url');
  return { ...answer, body: JSON.stringify({ ...body, NextToken: next }) };
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (isObject(value) && isObject(result[key])) {
      result[key] = merge(result[key] as Record<string, unknown>, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sends `body` the way `fault` says (drip, reset, oversize), headers already chosen. Stops when the
 * client goes away (`aborted`).
 */
export async function sendFaulty(response: ServerResponse, headers: Record<string, string | number>, body: string, fault: Fault, aborted: AbortSignal): Promise<void> {
  const bytes = Buffer.from(body, 'utf8');
  switch (fault.kind) {
    case 'drip': {
      response.writeHead(200, headers);
      response.flushHeaders();
      for (let i = 0; i < bytes.length && !aborted.aborted; i++) {
        response.write(bytes.subarray(i, i + 1));
        await sleep(fault.intervalMs, undefined, { signal: aborted }).catch(() => undefined);
      }
      response.end();
      return;
    }
    case 'reset': {
      response.writeHead(200, headers);
      response.write(bytes.subarray(0, fault.afterBytes ?? Math.floor(bytes.length / 2)));
      // Let the bytes leave before the reset, as a dying proxy would.
      await sleep(50);
      response.socket?.destroy();
      return;
    }
    case 'oversize': {
      const { 'Content-Length': _length, ...streamed } = headers;
      response.writeHead(200, streamed);
      const chunk = Buffer.alloc(64 * 1024, ' ');
      for (let left = fault.bytes - bytes.length; left > 0 && !aborted.aborted; left -= chunk.length) {
        if (!response.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              response.off('drain', done);
              response.off('close', done);
              resolve();
            };
            response.on('drain', done);
            response.on('close', done);
          });
        }
      }
      response.end(bytes);
      return;
    }
    default:
      response.writeHead(200, headers);
      response.end(bytes);
  }
}

/** Whether the fault changes how the body travels (rather than what it says). */
export function isTransportFault(fault: Fault): boolean {
  return fault.kind === 'drip' || fault.kind === 'reset' || fault.kind === 'oversize';
}
