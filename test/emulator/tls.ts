/**
 * The emulator's TLS material, for tests only: a test CA, and a certificate for localhost,
 * 127.0.0.1 and ::1 that it issued, both valid 2020–2120 and committed in test/emulator/tls/
 * (made once by tls/generate.sh, which deletes the CA's key: nothing else can be issued by it).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// tsc compiles this module to out/test/emulator/; the PEM files stay in the source tree.
const TLS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'emulator', 'tls');

/** The test CA's certificate (PEM): what a client must trust to reach `startEmulator({ tls: true })`. */
export const TEST_CA_PATH = path.join(TLS_DIR, 'ca.pem');

export function serverTlsOptions(): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(path.join(TLS_DIR, 'server.pem')), key: readFileSync(path.join(TLS_DIR, 'server-key.pem')) };
}
