/**
 * BO-2: the deep link from an order to its workflow in the Temporal UI. The UI (2.x, the one the
 * embedded dev server serves, a self-hosted cluster's, and Temporal Cloud's at https://cloud.temporal.io)
 * routes `/namespaces/<namespace>/workflows/<workflowId>` to the workflow's latest run (it looks the
 * run up and redirects to `…/<workflowId>/<runId>/history`), so the link needs no run ID and stays
 * right across continue-as-new.
 *
 * TEMPORAL_UI_URL is the UI's base URL, with a path prefix if the UI is served under one
 * (`https://ops.example.com/temporal`). A base that already ends in `/namespaces/<namespace>` (as
 * older READMEs suggested for Temporal Cloud) is accepted too, without repeating the namespace.
 */
export function temporalWorkflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  const base = new URL(uiUrl);
  const ns = encodeURIComponent(namespace);
  let path = base.pathname.replace(/\/+$/, '');
  const suffix = `/namespaces/${ns}`;
  if (path.endsWith(suffix)) path = path.slice(0, -suffix.length);
  base.pathname = `${path}${suffix}/workflows/${encodeURIComponent(workflowId)}`;
  base.search = '';
  base.hash = '';
  return base.toString();
}

/** The UI's list of the namespace's workflows filtered to one business ID prefix search (e.g. an account's). */
export function temporalWorkflowsSearchUrl(uiUrl: string, namespace: string, query: string): string {
  const list = new URL(temporalWorkflowUrl(uiUrl, namespace, 'x'));
  list.pathname = list.pathname.replace(/\/x$/, '');
  list.searchParams.set('query', query);
  return list.toString();
}
