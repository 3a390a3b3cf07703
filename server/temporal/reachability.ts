import { isGrpcServiceError } from '@temporalio/client';

/** gRPC's status code UNAVAILABLE (the SDK's errors carry grpc-js status codes). */
export const GRPC_UNAVAILABLE = 14;

/** Socket errors of a frontend that is down or not reachable (Node's `code`). */
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a Temporal client call failed because the server could not be reached at all (gRPC
 * UNAVAILABLE, or the connection itself refused) — as opposed to an answer from the server (a refused
 * update, a workflow that already ran) or a timeout, after which the request may have been taken.
 * The SDK wraps the gRPC error (`ServiceError('Failed to connect…', { cause })`): the causes are walked.
 */
export function isTemporalUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e) && e.code === GRPC_UNAVAILABLE) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE_SOCKET_CODES.has(code)) return true;
  }
  return false;
}
