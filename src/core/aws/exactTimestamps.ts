/**
 * GetFederationToken's expirations to the microsecond, as the service wrote them. The SDK turns
 * the epoch-seconds numbers into Dates rounded to the millisecond (`.9996 s` becomes the next
 * second), while the AWS CLI keeps microseconds; Copy as JSON prints what the CLI prints, so the
 * raw numbers are read from the response body here, before the SDK's deserializer.
 */
import type { DeserializeMiddleware, Pluggable } from '@smithy/types';

const EXACT = Symbol('connectFederation.exactEpochSeconds');
const bodies = new WeakMap<object, Uint8Array>();

type Member = 'AccessTokenExpiration' | 'RefreshTokenExpiration';

/** Inside the deserializer: buffers a successful GetFederationToken body (the deserializer reads the buffer as it read the stream). */
function keepBody<I extends object, O extends object>(): DeserializeMiddleware<I, O> {
  return (next, context) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (context.commandName === 'GetFederationTokenCommand' && response.statusCode === 200 && response.body !== undefined) {
      const bytes = await collect(response.body);
      response.body = bytes;
      bodies.set(response, bytes);
    }
    return result;
  };
}

/** Outside the deserializer: attaches the raw numbers to the parsed output. */
function attachNumbers<I extends object, O extends object>(): DeserializeMiddleware<I, O> {
  return (next) => async (args) => {
    const result = await next(args);
    const bytes = bodies.get(result.response as object);
    if (bytes && typeof result.output === 'object' && result.output !== null) {
      Object.defineProperty(result.output, EXACT, { value: epochSeconds(bytes) });
    }
    return result;
  };
}

export function exactTimestampsPlugin<I extends object, O extends object>(): Pluggable<I, O> {
  return {
    applyToStack(stack) {
      stack.add(keepBody<I, O>(), { step: 'deserialize', priority: 'low', name: 'connectFederationKeepBody' });
      stack.add(attachNumbers<I, O>(), { step: 'deserialize', priority: 'high', name: 'connectFederationExactTimestamps' });
    },
  };
}

function epochSeconds(bytes: Uint8Array): Partial<Record<Member, number>> {
  try {
    const credentials = (JSON.parse(new TextDecoder().decode(bytes)) as { Credentials?: Record<string, unknown> }).Credentials;
    const numbers: Partial<Record<Member, number>> = {};
    for (const member of ['AccessTokenExpiration', 'RefreshTokenExpiration'] as const) {
      const value = credentials?.[member];
      if (typeof value === 'number' && Number.isFinite(value)) {
        numbers[member] = value;
      }
    }
    return numbers;
  } catch {
    return {};
  }
}

/**
 * The expiration in epoch milliseconds with the microseconds the service sent (a fraction of a
 * millisecond), rounded to the microsecond as Python's datetime.fromtimestamp rounds (half to
 * even); undefined when the output did not come through the plugin.
 */
export function exactEpochMs(output: object, member: Member): number | undefined {
  const seconds = (output as { [EXACT]?: Partial<Record<Member, number>> })[EXACT]?.[member];
  if (seconds === undefined) {
    return undefined;
  }
  const whole = Math.floor(seconds);
  const micros = roundHalfEven((seconds - whole) * 1e6);
  return (whole * 1e6 + micros) / 1000;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  return diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
}

async function collect(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    return body;
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}
