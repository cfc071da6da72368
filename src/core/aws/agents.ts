import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { Transport } from '../transport';

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
  if (transport.proxy) {
    const proxy = new HttpsProxyAgent(proxyUrl(transport.proxy), { keepAlive: true, ...tls });
    return { httpAgent: proxy, httpsAgent: proxy };
  }
  return {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 50, ...tls }),
  };
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
