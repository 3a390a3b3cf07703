/** A labelled input with its hint and its error, announced and tied to the input (aria-describedby). */
export function TextField(props: {
  name: string; label: string; type?: 'text' | 'email' | 'tel' | 'date'; autoComplete?: string; defaultValue?: string; hint?: string; error?: string; required?: boolean; idPrefix?: string;
}) {
  const id = `${props.idPrefix ?? 'f'}-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className="w-full rounded-md border border-slate-400 px-3 py-2"
      />
      {props.hint && <p id={`${id}-hint`} className="text-sm text-slate-600">{props.hint}</p>}
      {props.error && <p id={`${id}-error`} role="alert" className="text-sm text-red-700">{props.error}</p>}
    </div>
  );
}
