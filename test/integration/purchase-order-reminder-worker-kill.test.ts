import { describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { PO_EXPIRY_WARNING_DAYS } from '../../server/services/portal/purchase-orders';
import { signalPurchaseOrderChanged } from '../../server/temporal/starters';
import { reminderKey } from '../../workflows/activities/purchase-orders';
import { SearchAttributes, workflowIds } from '../../workflows/shared';
import { settledEmailsTo } from '../helpers/maildev';
import { corporateFixture } from '../helpers/portal';
import { killWorkerMidEmail, until, useWorkerProcessStack } from '../helpers/worker-process';

describe('CP-9 purchase order reminder: exactly one email when the worker process is killed mid-send', () => {
  const stack = useWorkerProcessStack('po-kill');

  it('CP-9: kill -9 while the reminder email is being claimed, restart → one email; the workflow then waits for the expiry', { timeout: 120_000 }, async () => {
    const f = await corporateFixture(stack.db);
    // Expires in 30 days: the warning time is now, so the workflow sends at once.
    const expiresOn = new Date(Date.now() + PO_EXPIRY_WARNING_DAYS * 86_400_000).toISOString().slice(0, 10);
    const poId = newId('po');
    await stack.db.insertInto('purchase_orders').values({ id: poId, account_id: f.accountId, number: 'PO-KILL-1', expires_on: expiresOn }).execute();

    await killWorkerMidEmail(stack, reminderKey(poId, expiresOn), () => signalPurchaseOrderChanged(stack.client, stack.taskQueue, { purchaseOrderId: poId, accountId: f.accountId, warningDays: PO_EXPIRY_WARNING_DAYS }));

    const mails = await settledEmailsTo(stack.db, f.billing.email, /PO-KILL-1/, { atLeast: 1, timeoutMs: 60_000 });
    const handle = stack.client.workflow.getHandle(workflowIds.purchaseOrder(poId));
    await until('the workflow to wait for the expiry', async () => (await handle.describe()).typedSearchAttributes.get(SearchAttributes.status) === 'reminded');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Purchase order PO-KILL-1 is about to expire');
    expect((await handle.describe()).typedSearchAttributes.get(SearchAttributes.accountId)).toBe(f.accountId);
    // Told again (an edit that keeps the date): no second email.
    await signalPurchaseOrderChanged(stack.client, stack.taskQueue, { purchaseOrderId: poId, accountId: f.accountId, warningDays: PO_EXPIRY_WARNING_DAYS });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await settledEmailsTo(stack.db, f.billing.email, /PO-KILL-1/)).toHaveLength(1);
    // Removed: the workflow ends.
    await stack.db.deleteFrom('purchase_orders').where('id', '=', poId).execute();
    await signalPurchaseOrderChanged(stack.client, stack.taskQueue, { purchaseOrderId: poId, accountId: f.accountId, warningDays: PO_EXPIRY_WARNING_DAYS });
    await expect(handle.result()).resolves.toBe('removed');
  });
});
