import { TextField } from '../../../components/form-fields';
import { copenhagenToday } from '../../../components/format';
import { useClosedDays } from '../api/meetings';
import { texts } from '../texts';

/** The calendar the api answers for: today and the next 400 days (a due date or review date lies there). */
function window400(): { from: string; to: string } {
  const from = copenhagenToday();
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + 400 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** A date input that says whether the chosen day is a weekday, a weekend or a Danish holiday (told when it changes). */
export function DateField({ id, label, hint, value, onChange, disabled, optional, error }: { id: string; label: string; hint?: string; value: string; onChange: (v: string) => void; disabled?: boolean; optional?: boolean; error?: string }) {
  const { from, to } = window400();
  const closed = useClosedDays(from, to);
  const inRange = value >= from && value <= to && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const kind = inRange && closed.data ? closed.data.find((d) => d.date === value)?.kind : undefined;
  const dayText = inRange && closed.data ? (kind ? texts.minutes.closedDay[kind] : texts.minutes.businessDay) : '';
  return (
    <TextField
      id={id}
      type="date"
      label={label}
      optional={optional}
      error={error}
      value={value}
      disabled={disabled}
      onChange={onChange}
      className={`date-input${kind ? ' date-input--closed' : ''}`}
      hint={
        <>
          {hint ? <span className="date-hint">{hint} </span> : null}
          <span aria-live="polite" className={kind ? 'date-closed' : undefined}>
            {dayText}
          </span>
        </>
      }
    />
  );
}
