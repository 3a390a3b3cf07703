'use client';

import { Link } from '../../_components/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';

/** The tabs as a bar on wider screens and behind a Menu button on a phone; the current tab is marked for screen readers too. */
export function PortalNavMenu({ label, menu, tabs }: { label: string; menu: string; tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const current = (href: string) => (href === '/portal' ? pathname === '/portal' : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label={label} className="border-b border-slate-200">
      <button
        type="button"
        className="mb-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium md:hidden"
        aria-expanded={open}
        aria-controls="portal-tabs"
        onClick={() => setOpen((o) => !o)}
      >
        {menu}
      </button>
      <ul id="portal-tabs" className={`${open ? 'flex' : 'hidden'} flex-col gap-1 pb-2 md:flex md:flex-row md:flex-wrap md:gap-0 md:pb-0`}>
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              aria-current={current(tab.href) ? 'page' : undefined}
              onClick={() => setOpen(false)}
              className={`block rounded-t-md px-3 py-2 text-sm ${current(tab.href) ? 'border-b-2 border-brand-600 font-semibold text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
