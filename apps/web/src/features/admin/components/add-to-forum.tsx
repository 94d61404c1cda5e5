import { useState, type FormEvent } from 'react';
import { SelectField } from '../../../components/form-fields';
import { texts } from '../texts';

/** A choice and a button: adds one authority or member to the forum. */
export function AddToForum({
  id,
  label,
  placeholder,
  button,
  options,
  empty,
  pending,
  onAdd,
}: {
  id: string;
  label: string;
  placeholder: string;
  button: string;
  options: { value: string; label: string }[];
  empty: string;
  pending: boolean;
  onAdd: (value: string, done: () => void) => void;
}) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  if (options.length === 0) return <p className="form-hint">{empty}</p>;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!value) {
      setError(texts.forum.required);
      document.getElementById(id)?.focus();
      return;
    }
    setError(undefined);
    onAdd(value, () => setValue(''));
  };

  return (
    <form onSubmit={onSubmit} noValidate className="admin-add">
      <SelectField id={id} label={label} error={error} value={value} onChange={setValue} placeholder={placeholder} options={options} />
      <button type="submit" className="button button-secondary" disabled={pending}>
        {pending ? texts.saving : button}
      </button>
    </form>
  );
}
