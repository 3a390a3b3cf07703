/** The plain text and the small HTML body every quote and service-order email shares: paragraphs, then one link. */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function paragraphsWithLink(lines: string[], linkLabel: string, url: string) {
  return {
    text: [...lines, '', `${linkLabel}: ${url}`].join('\n'),
    html: `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l)}</p>`).join('')}<p><a href="${escape(url)}">${escape(linkLabel)}</a></p></div>`,
  };
}
