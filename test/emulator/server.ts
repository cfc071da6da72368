/**
 * HTTP wiring of the Amazon Connect emulator: one loopback server answering the Connect
 * API (SigV4-verified), the control API under /__emulator/ and the sign-in stand-in page.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { callOperation, matchRoute } from './connectApi';
import {
  CONTROL_PREFIX,
  EmulatorControl,
  handleControlRequest,
  type EmulatorSettings,
  type EmulatorSteering,
} from './control';
import { ApiError, apiError } from './errors';
import { parseAuthorization, verifySignature, type ReceivedRequest } from './sigv4';
import { SIGN_IN_PATH, signInPage } from './signInPage';
import { splitTarget } from './url';

export interface EmulatorOptions extends EmulatorSettings {
  /** 0 (default) picks a free port. */
  port?: number;
  /** A loopback address; default 127.0.0.1. */
  host?: string;
}

export interface Emulator extends EmulatorSteering {
  /** `http://127.0.0.1:PORT`: the endpoint for clients and the control API. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes every connection, keep-alive and pending ones included. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { port = 0, host = '127.0.0.1', ...settings } = options;
  if (!isLoopback(host)) {
    throw new Error(`The emulator only listens on loopback addresses, not on ${host}`);
  }
  const emulator = new HttpEmulator(settings);
  await emulator.listen(port, host);
  return emulator;
}

/** A bug in the emulator: logged, and answered as the service's internal error. */
function unexpected(error: unknown): ApiError {
  console.error('Connect emulator: unexpected error', error);
  return apiError('InternalServiceException', 'Internal error in the Connect emulator.');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

class HttpEmulator extends EmulatorControl implements Emulator {
  url = '';
  port = 0;
  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        this.sendError(response, unexpected(error));
      }
    });
  });
  /** Aborted on close: ends pending delays. */
  private readonly closing = new AbortController();

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  async close(): Promise<void> {
    if (!this.server.listening) {
      return;
    }
    this.closing.abort();
    const closed = new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const method = request.method ?? 'GET';
    const { rawPath, query } = splitTarget(request.url ?? '/');

    if (rawPath.startsWith(CONTROL_PREFIX)) {
      const answer = handleControlRequest(this, method, rawPath, body.toString('utf8'));
      this.send(response, answer.status, 'application/json', JSON.stringify(answer.body));
    } else if (method === 'GET' && rawPath === SIGN_IN_PATH) {
      const page = signInPage(this, query);
      this.send(response, page.status, 'text/html; charset=utf-8', page.html);
    } else {
      const headers: Record<string, string> = {};
      for (const [name, values] of Object.entries(request.headersDistinct)) {
        if (values) {
          headers[name] = values.join(',');
        }
      }
      await this.serveApi(response, { method, rawPath, query, headers, body });
    }
  }

  private async serveApi(response: ServerResponse, request: ReceivedRequest): Promise<void> {
    const route = matchRoute(request.method, request.rawPath);
    const record = this.record({
      timestamp: this.now().toISOString(),
      operation: route?.operation ?? 'Unknown',
      method: request.method,
      path: request.rawPath,
      query: request.query,
      instanceId: route?.instanceId,
    });
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) {
        clientGone.abort();
      }
    });
    const aborted = AbortSignal.any([clientGone.signal, this.closing.signal]);
    try {
      const auth = parseAuthorization(request.headers.authorization);
      record.accessKeyId = auth.accessKeyId;
      record.signingRegion = auth.region;
      const identity = await verifySignature(request, auth, (accessKeyId) => this.findIdentity(accessKeyId), this.now());
      if (!route) {
        throw apiError('UnknownOperationException', `No operation matches ${request.method} ${request.rawPath}`);
      }
      const delayMs = this.delayFor(route.operation);
      if (delayMs > 0) {
        await sleep(delayMs, undefined, { signal: aborted });
      }
      const failure = this.takeFailure(route.operation);
      if (failure) {
        throw failure;
      }
      const result = callOperation(this, { identity, region: auth.region }, route, request.query);
      this.send(response, 200, 'application/json', JSON.stringify(result));
      this.settle(record, { status: 200 });
    } catch (error) {
      if (aborted.aborted) {
        this.settle(record, 'aborted');
        return;
      }
      const answer = error instanceof ApiError ? error : unexpected(error);
      this.sendError(response, answer);
      this.settle(record, { status: answer.status, error: answer.errorName });
    }
  }

  private sendError(response: ServerResponse, error: ApiError): void {
    this.send(response, error.status, 'application/json', JSON.stringify({ Message: error.message }), {
      'x-amzn-ErrorType': error.errorName,
    });
  }

  private send(
    response: ServerResponse,
    status: number,
    contentType: string,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
      Date: this.now().toUTCString(),
      'x-amzn-RequestId': randomUUID(),
      ...headers,
    });
    response.end(body);
  }
}
