import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// CP-13 / BO-1: requests to Corporate Account Services become a conversation the back office works.
// - a third staff role, Corporate Account Services ('cas'), who see the requests of every account;
// - a request has one of the form's categories, readable yearly case numbers (CAS-2026-000123), the
//   statuses the queue uses (open, waiting for the customer, resolved), an assignee, an optional
//   subscription (reactivation, cancellation) and quote (a reactivation answered with a quote);
// - a submission key per account, so a double click on Submit files one request;
// - request_messages: the replies of both sides, in order (the request's own details are the first word).
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE staff DROP CONSTRAINT staff_role_check`,
    `ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('sales_rep','cas','ops'))`,

    `ALTER TABLE requests DROP CONSTRAINT requests_status_check`,
    `UPDATE requests SET status = CASE status WHEN 'closed' THEN 'resolved' ELSE 'open' END`,
    `ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('open','waiting_for_customer','resolved'))`,
    `ALTER TABLE requests DROP CONSTRAINT requests_category_check`,
    `UPDATE requests SET category = 'other' WHERE category NOT IN ('form_request','reactivation','cancellation','billing_frequency','seats_products','other')`,
    `ALTER TABLE requests ADD CONSTRAINT requests_category_check
       CHECK (category IN ('form_request','reactivation','cancellation','billing_frequency','seats_products','other'))`,
    `ALTER TABLE requests ADD CONSTRAINT requests_details_check CHECK (btrim(details) <> '' AND length(details) <= 5000)`,
    `ALTER TABLE requests ALTER COLUMN case_number SET DEFAULT
       ('CAS-' || to_char(now() AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(nextval('case_number_seq')::text, 6, '0'))`,
    `ALTER TABLE requests
       ADD COLUMN subscription_id text REFERENCES subscriptions(id),
       ADD COLUMN quote_id text REFERENCES quotes(id),
       ADD COLUMN resolution_note text,
       ADD COLUMN resolved_at timestamptz,
       ADD COLUMN resolved_by_staff_id text REFERENCES staff(id),
       ADD COLUMN last_message_at timestamptz NOT NULL DEFAULT now(),
       ADD COLUMN submission_key text,
       ADD CONSTRAINT requests_account_id_submission_key_key UNIQUE (account_id, submission_key)`,
    `UPDATE requests SET resolved_at = updated_at, last_message_at = updated_at WHERE status = 'resolved'`,
    `ALTER TABLE requests ADD CONSTRAINT requests_resolved_check
       CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))`,
    // The queue: open requests oldest first, per status.
    `CREATE INDEX requests_status_created_at_id_idx ON requests (status, created_at, id)`,
    `DROP INDEX requests_status_created_at_idx`,

    `CREATE TABLE request_messages (
       id text PRIMARY KEY,
       request_id text NOT NULL REFERENCES requests(id),
       author_realm text NOT NULL CONSTRAINT request_messages_author_realm_check CHECK (author_realm IN ('portal','staff')),
       author_staff_id text REFERENCES staff(id),
       author_user_id text REFERENCES users(id),
       kind text NOT NULL DEFAULT 'reply' CONSTRAINT request_messages_kind_check CHECK (kind IN ('reply','resolution')),
       body text NOT NULL CONSTRAINT request_messages_body_check CHECK (btrim(body) <> '' AND length(body) <= 5000),
       quote_id text REFERENCES quotes(id),
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT request_messages_author_check CHECK (
         (author_realm = 'staff' AND author_staff_id IS NOT NULL AND author_user_id IS NULL) OR
         (author_realm = 'portal' AND author_user_id IS NOT NULL AND author_staff_id IS NULL AND kind = 'reply'))
     )`,
    `CREATE INDEX request_messages_request_id_created_at_idx ON request_messages (request_id, created_at, id)`,
    `CREATE TRIGGER request_messages_immutable BEFORE UPDATE OR DELETE ON request_messages
       FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE request_messages`,
    `CREATE INDEX requests_status_created_at_idx ON requests (status, created_at)`,
    `DROP INDEX requests_status_created_at_id_idx`,
    `ALTER TABLE requests DROP CONSTRAINT requests_resolved_check`,
    `ALTER TABLE requests DROP COLUMN submission_key, DROP COLUMN last_message_at, DROP COLUMN resolved_by_staff_id, DROP COLUMN resolved_at,
       DROP COLUMN resolution_note, DROP COLUMN quote_id, DROP COLUMN subscription_id`,
    `ALTER TABLE requests ALTER COLUMN case_number SET DEFAULT ('CAS-' || lpad(nextval('case_number_seq')::text, 6, '0'))`,
    `ALTER TABLE requests DROP CONSTRAINT requests_details_check`,
    `ALTER TABLE requests DROP CONSTRAINT requests_category_check`,
    `ALTER TABLE requests ADD CONSTRAINT requests_category_check CHECK (btrim(category) <> '')`,
    `ALTER TABLE requests DROP CONSTRAINT requests_status_check`,
    `UPDATE requests SET status = CASE status WHEN 'resolved' THEN 'closed' WHEN 'waiting_for_customer' THEN 'in_progress' ELSE 'open' END`,
    `ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('open','in_progress','closed'))`,
    `UPDATE staff SET role = 'sales_rep' WHERE role = 'cas'`,
    `ALTER TABLE staff DROP CONSTRAINT staff_role_check`,
    `ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('sales_rep','ops'))`,
  ]);
}
