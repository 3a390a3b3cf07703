'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton({ label, callbackUrl }: { label: string; callbackUrl: string }) {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl })} className="rounded px-2 py-1 hover:bg-slate-100 hover:underline">
      {label}
    </button>
  );
}
