import type { DbOrTrx } from '../../db/client';
import type { AuditActorRealm, JsonObject } from '../../db/schema';

export interface AuditEntry {
  actor: { realm: AuditActorRealm; id: string | null };
  accountId: string | null;
  /** Dotted and stable, e.g. `portal.bill_to_changed`, `staff.eligibility_changed`. */
  action: string;
  subjectId?: string | null;
  /** What changed (e.g. `{ before, after, reason }`); never secrets. */
  data?: JsonObject;
}

/** The one way to write the audit log: who did what to which account, inside the caller's transaction. */
export async function audit(db: DbOrTrx, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_realm: entry.actor.realm,
      actor_id: entry.actor.id,
      account_id: entry.accountId,
      action: entry.action,
      subject_id: entry.subjectId ?? null,
      data: entry.data ?? {},
    })
    .execute();
}
