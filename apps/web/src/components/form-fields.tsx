import { useEffect, useState, type ReactNode } from 'react';
import { Icon } from './icon';
import { texts } from './texts';

/** The ids a field's description is made of: hint, error message, character limit. */
function describedBy(id: string, parts: { hint?: ReactNode; error?: string; limit?: number }): string | undefined {
  const ids = [parts.hint ? `${id}-hint` : '', parts.error ? `${id}-error` : '', parts.limit ? `${id}-limit-message` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: { id: string; label: ReactNode; optional?: boolean }) {
  return (
    <label className="form-label" htmlFor={id}>
      {label}
      {optional ? <span className="weight-normal">{texts.optional}</span> : null}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <span className="form-hint" id={`${id}-hint`}>
      {hint}
    </span>
  ) : null;
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span className="form-error-message" id={`${id}-error`}>
      <span className="sr-only">{texts.errorPrefix}</span>
      {error}
    </span>
  ) : null;
}

/** How many characters are left: shown at once, told to screen readers after a pause in typing. */
function CharacterLimit({ id, limit, length }: { id: string; limit: number; length: number }) {
  const [spoken, setSpoken] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSpoken(texts.charactersLeft(limit - length)), 1000);
    return () => window.clearTimeout(timer);
  }, [limit, length]);
  return (
    <>
      <span id={`${id}-limit-message`} className="sr-only">{`Du kan indtaste op til ${limit} tegn`}</span>
      <span className={`form-hint character-limit${length > limit ? ' limit-exceeded' : ''}`} aria-hidden="true">
        {texts.charactersLeft(limit - length)}
      </span>
      <span className="character-limit-sr-only sr-only" aria-live="polite">
        {spoken}
      </span>
    </>
  );
}

/** A labelled field's frame: label, hint and error above the control, the group marked when in error. */
function FieldGroup({ id, label, hint, error, optional, extraClass = '', children }: Omit<FieldProps, 'value' | 'onChange' | 'disabled'> & { extraClass?: string; children: ReactNode }) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}${extraClass}`}>
      <Label id={id} label={label} optional={optional} />
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}

/** What every control of a labelled field carries: its name, value, error state, description and whether it is required. */
function controlProps({ id, hint, error, optional, required, value, onChange, disabled }: FieldProps, limit?: number) {
  return {
    id,
    name: id,
    value,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, { hint, error, limit }),
    required: required ?? !optional,
    disabled,
  };
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  /** Overrides what `optional` implies, for a control that is neither (a filter). */
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}

export function TextField(props: FieldProps & { autoComplete?: string; inputMode?: 'numeric' | 'text'; className?: string; type?: 'text' | 'search' | 'email' | 'date' }) {
  const { autoComplete = 'off', inputMode, className, type = 'text' } = props;
  return (
    <FieldGroup {...props}>
      <input type={type} {...controlProps(props)} className={`form-input${className ? ` ${className}` : ''}`} autoComplete={autoComplete} inputMode={inputMode} spellCheck={false} />
    </FieldGroup>
  );
}

export function TextAreaField(props: FieldProps & { maxLength?: number; rows?: number }) {
  const { id, value, maxLength, rows = 5 } = props;
  return (
    <FieldGroup {...props} extraClass={maxLength ? ' form-limit' : ''}>
      <textarea {...controlProps(props, maxLength)} className="form-input" rows={rows} />
      {maxLength ? <CharacterLimit id={id} limit={maxLength} length={value.length} /> : null}
    </FieldGroup>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const { options, placeholder } = props;
  return (
    <FieldGroup {...props}>
      <select {...controlProps(props)} className="form-select">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldGroup>
  );
}

interface ChoiceGroupProps<V extends string> {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: readonly { value: V; label: string; hint?: string }[];
}

/** A fieldset of choices (checkboxes or radios): the legend names the question, errors are tied to the fieldset. */
function ChoiceGroup<V extends string>({ id, legend, hint, error, options, kind, isChecked, onToggle }: ChoiceGroupProps<V> & {
  kind: 'checkbox' | 'radio';
  isChecked: (value: V) => boolean;
  onToggle: (value: V, checked: boolean) => void;
}) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <fieldset id={id} aria-describedby={describedBy(id, { hint, error })} tabIndex={-1}>
        <legend className="form-label">{legend}</legend>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        {options.map((o, i) => (
          <div className={`form-group-${kind}`} key={o.value}>
            <input
              type={kind}
              id={`${id}-option${i + 1}`}
              name={id}
              className={`form-${kind}`}
              value={o.value}
              checked={isChecked(o.value)}
              onChange={(e) => onToggle(o.value, e.target.checked)}
              aria-describedby={o.hint ? `${id}-option${i + 1}-hint` : undefined}
            />
            <label htmlFor={`${id}-option${i + 1}`}>{o.label}</label>
            {o.hint ? (
              <span className="form-hint" id={`${id}-option${i + 1}-hint`}>
                {o.hint}
              </span>
            ) : null}
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** Checkboxes: any number of the options. */
export function CheckboxGroup<V extends string>({ value, onChange, ...group }: ChoiceGroupProps<V> & { value: V[]; onChange: (value: V[]) => void }) {
  return (
    <ChoiceGroup
      {...group}
      kind="checkbox"
      isChecked={(v) => value.includes(v)}
      onToggle={(v, checked) => onChange(checked ? [...value, v] : value.filter((x) => x !== v))}
    />
  );
}

/** Radios: one of the options. */
export function RadioGroup<V extends string>({ value, onChange, ...group }: ChoiceGroupProps<V> & { value: V | ''; onChange: (value: V) => void }) {
  return <ChoiceGroup {...group} kind="radio" isChecked={(v) => value === v} onToggle={(v) => onChange(v)} />;
}

/**
 * DKFDS error summary: an alert listing each problem as a link to its field; it takes focus when
 * shown after a submit, so the user hears what to correct.
 */
export function ErrorSummary({ errors, focusKey }: { errors: { fieldId: string; text: string }[]; focusKey: number }) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    if (element && errors.length > 0) element.focus();
    // Focus again on every failed submit (focusKey), not on every keystroke (errors change then).
  }, [element, focusKey]);
  if (errors.length === 0) return null;
  return (
    <div className="alert alert-error error-summary" role="group" tabIndex={-1} ref={setElement} aria-labelledby="error-summary-heading">
      <Icon name="error" className="alert-icon" />
      <div className="alert-body">
        <h2 className="alert-heading" id="error-summary-heading">
          {texts.errorSummaryHeading}
        </h2>
        <ul className="alert-text nobullet-list">
          {errors.map((e) => (
            <li key={e.fieldId}>
              <a
                href={`#${e.fieldId}`}
                onClick={(event) => {
                  event.preventDefault();
                  const target = document.getElementById(e.fieldId);
                  const focusable = target?.matches('fieldset') ? target.querySelector<HTMLElement>('input') : target;
                  focusable?.focus();
                }}
              >
                {e.text}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
