import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Socket } from 'node:net';
import { Transport, bypassesProxy } from '../transport';

/** A configuration problem found before any request: the message says what to fix. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export interface Agents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
}

/**
 * The connection agents for a transport: keep-alive, the CA bundle (which, as with the AWS CLI,
 * replaces the default trust store), TLS verification, and the proxy (a CONNECT tunnel for both
 * http and https endpoints).
 */
export function createAgents(transport: Transport): Agents {
  const tls: https.AgentOptions = { rejectUnauthorized: transport.verifyTls, ca: transport.caBundle && readCaBundle(transport.caBundle) };
  const direct = {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 50, ...tls }),
  };
  if (transport.proxy) {
    const proxy = new NoProxyAwareAgent(proxyUrl(transport.proxy), { keepAlive: true, ...tls }, transport.noProxy, direct);
    return { httpAgent: proxy, httpsAgent: proxy };
  }
  return direct;
}

/**
 * The proxy, except for hosts NO_PROXY names — decided per request, for the host the SDK resolved
 * (FIPS, dual-stack, China, ISO, a custom endpoint, STS or SSO), as the AWS CLI decides it.
 */
class NoProxyAwareAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: URL,
    options: ConstructorParameters<typeof HttpsProxyAgent>[1],
    private readonly noProxy: string | undefined,
    private readonly direct: Agents,
  ) {
    super(proxy, options);
  }

  override async connect(request: http.ClientRequest, options: Parameters<HttpsProxyAgent<string>['connect']>[1]): Promise<Socket> {
    if (options.host && bypassesProxy(options.host, this.noProxy)) {
      // agent-base hands the request to an Agent returned here (its documented alternative to a socket).
      return (options.secureEndpoint ? this.direct.httpsAgent : this.direct.httpAgent) as unknown as Socket;
    }
    return super.connect(request, options);
  }
}

function readCaBundle(bundle: { value: string; source: string }): string {
  try {
    return readFileSync(bundle.value, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`The CA bundle ${bundle.value} (from ${bundle.source}) cannot be read (${(error as NodeJS.ErrnoException).code ?? error}).`);
  }
}

function proxyUrl(proxy: { value: string; source: string }): URL {
  try {
    // "host:port" is how many people write a proxy; the scheme is then http, as curl assumes.
    return new URL(/^[a-z]+:\/\//i.test(proxy.value) ? proxy.value : `http://${proxy.value}`);
  } catch {
    throw new ConfigurationError(`The proxy ${proxy.value} (from ${proxy.source}) is not a URL.`);
  }
}
