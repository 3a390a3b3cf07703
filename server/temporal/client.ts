import 'server-only';
import { Client, Connection } from '@temporalio/client';
import { temporalClientConnectionOptions } from './connection';
import { env } from '../env';

let clientPromise: Promise<Client> | undefined;

/** One Temporal client per server process (connections are expensive and multiplexed). */
export function getTemporalClient(): Promise<Client> {
  clientPromise ??= (async () => {
    const e = env();
    const connection = await Connection.connect(temporalClientConnectionOptions(e));
    return new Client({ connection, namespace: e.TEMPORAL_NAMESPACE });
  })().catch((err) => {
    clientPromise = undefined; // let the next request retry instead of caching the failure
    throw err;
  });
  return clientPromise;
}
