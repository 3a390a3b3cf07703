'use client';

import { Link } from './link';
import { usePathname } from 'next/navigation';

/** A tab of a realm's top navigation; marks itself as the current page (aria-current) from the URL. */
export function NavLink({ href, label, exact = false, except }: { href: string; label: string; exact?: boolean; except?: string }) {
  const path = usePathname();
  // `except`: a sub-path that is a tab of its own (/backoffice/orders/failed next to /backoffice/orders).
  const under = (p: string) => path === p || path.startsWith(`${p}/`);
  const current = exact ? path === href : under(href) && !(except && under(except));
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${current ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100 hover:underline'}`}
    >
      {label}
    </Link>
  );
}
