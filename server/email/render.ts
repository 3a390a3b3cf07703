/** The one HTML/text layout of every email: paragraphs, then a link. Text comes from server/i18n. */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderEmail(lines: string[], linkLabel?: string, url?: string) {
  const text = [...lines, ...(url ? ['', `${linkLabel}: ${url}`] : [])].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l).replace(/\n/g, '<br>')}</p>`).join('')}${
    url ? `<p><a href="${escape(url)}">${escape(linkLabel ?? url)}</a></p>` : ''
  }</div>`;
  return { text, html };
}
