import 'server-only';
import { getServerSession } from 'next-auth';
import { authOptions, type SessionClaims } from '../auth/options';
import { getDb } from '../deps';
import { getTemporalClient } from '../temporal/client';
import { env } from '../env';
import type { Context } from './init';

/** The signed-in identity from the next-auth JWT cookie, or null. */
export async function getSessionClaims(): Promise<SessionClaims | null> {
  const session = (await getServerSession(authOptions())) as (Partial<SessionClaims> & object) | null;
  if (!session?.realm || !session.subjectId || !session.issuedAt) return null;
  return { realm: session.realm, subjectId: session.subjectId, issuedAt: session.issuedAt };
}

export async function createRequestContext(): Promise<Context> {
  return { db: getDb(), temporal: getTemporalClient, now: () => new Date(), taskQueue: env().TEMPORAL_TASK_QUEUE, session: await getSessionClaims() };
}
