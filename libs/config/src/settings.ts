import type { EncryptionConfig, TemporalKeysConfig, TemporalTlsConfig } from './config-types';
import type { Environment } from './environment';
import { keyBytes } from './environment-formats';

/** Connections per process (see docs/operations.md for how they were chosen). */
const DEFAULT_POOL_SIZE = 20;

/** The settings more than one process reads: database, Temporal (address, TLS, keys), data keys, SMTP. */
export function common(e: Environment) {
  return {
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE ?? DEFAULT_POOL_SIZE, ...(e.DATABASE_ACQUIRE_TIMEOUT_MS ? { acquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS } : {}) },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? 'localhost:7233',
      namespace: e.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: e.TEMPORAL_TASK_QUEUE ?? 'psp-koordinering',
      tls: temporalTls(e),
    },
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

export function temporalTls(e: Environment): TemporalTlsConfig | undefined {
  if (!e.TEMPORAL_TLS_CA_FILE && !e.TEMPORAL_TLS_CERT_FILE) return undefined;
  const tls: TemporalTlsConfig = {};
  if (e.TEMPORAL_TLS_CA_FILE) tls.caFile = e.TEMPORAL_TLS_CA_FILE;
  if (e.TEMPORAL_TLS_CERT_FILE && e.TEMPORAL_TLS_KEY_FILE) {
    tls.certFile = e.TEMPORAL_TLS_CERT_FILE;
    tls.keyFile = e.TEMPORAL_TLS_KEY_FILE;
  }
  if (e.TEMPORAL_TLS_SERVER_NAME) tls.serverName = e.TEMPORAL_TLS_SERVER_NAME;
  return tls;
}

export function temporalKeys(e: Environment): TemporalKeysConfig {
  const payloadKeys = new Map<string, Buffer>();
  for (const part of e.TEMPORAL_PAYLOAD_KEYS.split(',')) {
    const [id, b64] = part.trim().split(':');
    payloadKeys.set(id, keyBytes(b64));
  }
  return {
    payloadKeys,
    payloadActiveKeyId: e.TEMPORAL_PAYLOAD_ACTIVE_KEY ?? [...payloadKeys.keys()].at(-1)!,
  };
}

export function encryption(e: Environment): EncryptionConfig {
  const keys = new Map<string, Buffer>();
  for (const part of e.DATA_ENCRYPTION_KEYS.split(',')) {
    const [id, b64] = part.trim().split(':');
    keys.set(id, keyBytes(b64));
  }
  const activeKeyId = e.DATA_ENCRYPTION_ACTIVE_KEY ?? [...keys.keys()].at(-1)!;
  return { keys, activeKeyId, blindIndexKey: keyBytes(e.CPR_INDEX_KEY) };
}

export function smtpOf(e: Environment): { url: string; from: string } | undefined {
  return e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? 'PSP Koordinering <no-reply@psp-koordinering.invalid>' } : undefined;
}
