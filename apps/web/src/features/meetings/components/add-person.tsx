import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/error-alert';
import { SelectField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { personName } from '../../../components/status-labels';
import { useForumPersons } from '../api/meetings';
import type { PersonSummary } from '../api/meeting-types';
import { texts } from '../texts';

const t = texts.add;

/**
 * Puts a nominated or active person of the forum on the list. The forum's persons are read (and
 * that is logged) only when the coordinator opens the form.
 */
export function AddPerson({ forumId, onList, pending, onAdd }: { forumId: string; onList: Set<string>; pending: boolean; onAdd: (person: PersonSummary, done: () => void) => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const persons = useForumPersons(forumId, open);
  const openButton = useRef<HTMLButtonElement>(null);
  const loaded = open && persons.isSuccess;
  // Keyboard users continue where the form appeared, and return to its button when it closes.
  useEffect(() => {
    if (loaded) document.getElementById('add-person')?.focus();
  }, [loaded]);

  if (!open) {
    return (
      <p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)} ref={openButton}>
          {t.open}
        </button>
      </p>
    );
  }
  const close = () => {
    setOpen(false);
    setValue('');
    setError(undefined);
    window.setTimeout(() => openButton.current?.focus(), 0);
  };
  const candidates = (persons.data ?? []).filter((p) => !onList.has(p.id)).sort((a, b) => personName(a.name).localeCompare(personName(b.name), 'da'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const person = candidates.find((p) => p.id === value);
    if (!person) {
      setError(t.required);
      document.getElementById('add-person')?.focus();
      return;
    }
    setError(undefined);
    onAdd(person, close);
  };

  return (
    <div className="case-add">
      {persons.isPending ? <Loading /> : null}
      {persons.isError ? <ErrorAlert error={persons.error} heading={t.loadFailed} onRetry={() => void persons.refetch()} headingLevel={3} /> : null}
      {persons.isSuccess && candidates.length === 0 ? <p className="empty-state">{t.none}</p> : null}
      {persons.isSuccess && candidates.length > 0 ? (
        <form onSubmit={submit} noValidate className="case-add-form">
          <SelectField
            id="add-person"
            label={t.label}
            hint={t.hint}
            error={error}
            value={value}
            onChange={setValue}
            placeholder={t.placeholder}
            options={candidates.map((p) => ({ value: p.id, label: `${personName(p.name)} (${texts.caseList.personStatus[p.status] ?? p.status})` }))}
          />
          <button type="submit" className="button button-primary" disabled={pending}>
            {t.submit}
          </button>
          <button type="button" className="button button-secondary" onClick={close}>
            {t.cancel}
          </button>
        </form>
      ) : null}
      {!persons.isSuccess || candidates.length === 0 ? (
        <button type="button" className="button button-secondary" onClick={close}>
          {t.cancel}
        </button>
      ) : null}
    </div>
  );
}
