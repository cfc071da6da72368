/**
 * HTTP wiring of the AWS emulator: one loopback server (HTTP, or HTTPS with the test certificate)
 * answering Amazon Connect, STS and IAM Identity Center (portal and OIDC) by the shape of each
 * request, the control API under /__emulator/ and the sign-in stand-in page.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECT_SERVICE } from './connectApi';
import {
  CONTROL_PREFIX,
  EmulatorControl,
  handleControlRequest,
  type EmulatorSettings,
  type EmulatorSteering,
  type OperationName,
} from './control';
import { ApiError, apiError } from './errors';
import { applyToAnswer, isTransportFault, sendFaulty } from './faults';
import type { Answer, EmulatedService } from './service';
import type { ReceivedRequest } from './sigv4';
import { HOME_PATH, SIGN_IN_PATH, homePage, signInPage } from './signInPage';
import { SSO_OIDC_SERVICE, SSO_OIDC_TOKEN_PATH, SSO_PORTAL_PATH, SSO_PORTAL_SERVICE } from './sso';
import { STS_SERVICE } from './sts';
import { serverTlsOptions } from './tls';
import { parseQuery, splitTarget } from './url';

export interface EmulatorOptions extends EmulatorSettings {
  /** 0 (default) picks a free port. */
  port?: number;
  /** A loopback address; default 127.0.0.1. */
  host?: string;
  /** HTTPS with the test certificate for localhost, 127.0.0.1 and ::1, issued by the CA at TEST_CA_PATH. */
  tls?: boolean;
}

export interface Emulator extends EmulatorSteering {
  /** `http://127.0.0.1:PORT` (`https:` with `tls`): the endpoint of every service and of the control API. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes every connection, keep-alive and pending ones included. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { port = 0, host = '127.0.0.1', tls = false, ...settings } = options;
  if (!isLoopback(host)) {
    throw new Error(`The emulator only listens on loopback addresses, not on ${host}`);
  }
  const emulator = new HttpEmulator(settings, tls);
  await emulator.listen(port, host);
  return emulator;
}

/** A bug in the emulator: logged, and answered as the service's internal error. */
function unexpected(error: unknown): ApiError {
  console.error('AWS emulator: unexpected error', error);
  return apiError('InternalServiceException', 'Internal error in the AWS emulator.');
}

/** The service a request is for, by its shape: every service's paths differ. */
function serviceFor(method: string, rawPath: string): EmulatedService {
  if (method === 'POST' && rawPath === '/') {
    return STS_SERVICE;
  }
  if (rawPath === SSO_PORTAL_PATH) {
    return SSO_PORTAL_SERVICE;
  }
  return rawPath === SSO_OIDC_TOKEN_PATH ? SSO_OIDC_SERVICE : CONNECT_SERVICE;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

class HttpEmulator extends EmulatorControl implements Emulator {
  url = '';
  port = 0;
  private readonly server: HttpServer | HttpsServer;
  /** Aborted on close: ends pending delays. */
  private readonly closing = new AbortController();

  constructor(
    settings: EmulatorSettings,
    private readonly tls: boolean,
  ) {
    super(settings);
    const listener: RequestListener = (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          this.sendAnswer(response, CONNECT_SERVICE.errorAnswer(unexpected(error)));
        }
      });
    };
    this.server = tls ? createHttpsServer(serverTlsOptions(), listener) : createHttpServer(listener);
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
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
    } else if (method === 'GET' && (rawPath === SIGN_IN_PATH || rawPath === HOME_PATH)) {
      const page = rawPath === SIGN_IN_PATH ? signInPage(this, query, this.tls) : homePage(this, request.headers.cookie);
      // As a sign-in page should: its URL carries a token, which no cache must keep.
      this.send(response, page.status, 'text/html; charset=utf-8', page.html, { 'Cache-Control': 'no-store', ...page.headers });
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
    const service = serviceFor(request.method, request.rawPath);
    const route = service.route(request);
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const record = this.record({
      timestamp: this.now().toISOString(),
      service: service.name,
      operation: route?.operation ?? 'Unknown',
      method: request.method,
      path: request.rawPath,
      query: request.query,
      ...(isForm && { form: parseQuery(Buffer.from(request.body).toString('utf8')) }),
      instanceId: route?.instanceId,
    });
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) {
        clientGone.abort();
      }
    });
    const aborted = AbortSignal.any([clientGone.signal, this.closing.signal]);
    const steer = async (operation: OperationName): Promise<void> => {
      const delayMs = this.delayFor(operation);
      if (delayMs > 0) {
        await sleep(delayMs, undefined, { signal: aborted });
      }
      const failure = this.takeFailure(operation);
      if (failure) {
        throw failure;
      }
    };
    try {
      const answer = await service.handle({ control: this, record, steer }, request, route);
      const fault = route && answer.status < 300 ? this.takeFault(route.operation) : undefined;
      if (fault) {
        const faulty = applyToAnswer(answer, fault, request.query);
        const sending = isTransportFault(fault)
          ? sendFaulty(response, this.headersFor(faulty), faulty.body, fault, aborted)
          : Promise.resolve(this.sendAnswer(response, faulty));
        this.settle(record, { status: answer.status });
        // A client that gives up on a faulty answer is what the fault is for, not an emulator error.
        await sending.catch(() => undefined);
        return;
      }
      this.sendAnswer(response, answer);
      this.settle(record, { status: answer.status });
    } catch (error) {
      if (aborted.aborted) {
        this.settle(record, 'aborted');
        return;
      }
      const failure = error instanceof ApiError ? error : unexpected(error);
      const answer = service.errorAnswer(failure);
      this.sendAnswer(response, answer);
      this.settle(record, { status: answer.status, error: failure.errorName });
    }
  }

  private sendAnswer(response: ServerResponse, answer: Answer): void {
    this.send(response, answer.status, answer.contentType, answer.body, answer.headers);
  }

  private send(
    response: ServerResponse,
    status: number,
    contentType: string,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, this.headersFor({ contentType, body, headers }));
    response.end(body);
  }

  private headersFor(answer: Pick<Answer, 'contentType' | 'body' | 'headers'>): Record<string, string | number> {
    return {
      'Content-Type': answer.contentType,
      'Content-Length': Buffer.byteLength(answer.body),
      Date: this.now().toUTCString(),
      'x-amzn-RequestId': randomUUID(),
      ...answer.headers,
    };
  }
}
