import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { Env } from '../env';

/** Connection options shared by the client and the worker: plain for the dev server, TLS/API key for a cluster or Temporal Cloud. */
export function temporalConnectionOptions(e: Env): { address: string; tls?: TLSConfig; apiKey?: string; metadata?: Record<string, string> } {
  const mtls = e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH
    ? { clientCertPair: { crt: readFileSync(e.TEMPORAL_TLS_CERT_PATH), key: readFileSync(e.TEMPORAL_TLS_KEY_PATH) } }
    : {};
  const ca = e.TEMPORAL_TLS_CA_PATH ? { serverRootCACertificate: readFileSync(e.TEMPORAL_TLS_CA_PATH) } : {};
  const useTls = e.TEMPORAL_TLS || Boolean(e.TEMPORAL_API_KEY) || Boolean(e.TEMPORAL_TLS_CERT_PATH);
  return {
    address: e.TEMPORAL_ADDRESS,
    tls: useTls ? { ...mtls, ...ca } : undefined,
    apiKey: e.TEMPORAL_API_KEY,
    metadata: e.TEMPORAL_API_KEY ? { 'temporal-namespace': e.TEMPORAL_NAMESPACE } : undefined,
  };
}
