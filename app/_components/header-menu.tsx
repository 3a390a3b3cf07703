'use client';

import { useState, type ReactNode } from 'react';

/**
 * The header's links in a row on wider screens and behind a Menu button on a phone (390 px), for
 * every realm: the row of links used to run off the screen there.
 */
export function HeaderMenu({ label, menu, children }: { label: string; menu: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="relative">
      <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium md:hidden" aria-expanded={open} aria-controls="header-links" onClick={() => setOpen((o) => !o)}>
        {menu}
      </button>
      <nav
        id="header-links"
        aria-label={label}
        className={`${open ? 'flex' : 'hidden'} absolute right-0 z-10 mt-2 w-64 flex-col items-stretch gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg md:static md:mt-0 md:flex md:w-auto md:flex-row md:items-center md:gap-4 md:border-0 md:p-0 md:shadow-none`}
      >
        {children}
      </nav>
    </div>
  );
}
