import { readFileSync } from 'node:fs';
import type { TemporalConfig } from './config';

/**
 * The options api and worker connect to Temporal with: the address and, when configured, TLS
 * (the server checked against TEMPORAL_TLS_CA_FILE or the system's CAs; with a client certificate
 * and key, mutual TLS). The same shape fits the client's `Connection` and the worker's
 * `NativeConnection`. The files are read here, at connection time, so a renewed certificate is
 * used by the next start without a new configuration.
 */
export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
    serverNameOverride?: string;
  };
}

export function temporalConnectionOptions(temporal: Pick<TemporalConfig, 'address' | 'tls'>): TemporalConnectionOptions {
  const t = temporal.tls;
  if (!t) return { address: temporal.address };
  const tls: NonNullable<TemporalConnectionOptions['tls']> = {};
  if (t.caFile) tls.serverRootCACertificate = readFileSync(t.caFile);
  if (t.certFile && t.keyFile) tls.clientCertPair = { crt: readFileSync(t.certFile), key: readFileSync(t.keyFile) };
  if (t.serverName) tls.serverNameOverride = t.serverName;
  return { address: temporal.address, tls };
}
