import { SelectField, TextAreaField } from '../../../components/form-fields';
import type { AssigneeAuthority } from '../api/meeting-types';
import { texts } from '../texts';
import { DateField } from './date-field';
import type { DraftStep } from './minutes-draft';

const t = texts.minutes;

/** One agreed step: what, which authority owns it, which of its caseworkers does it, by when. */
export function StepEditor({
  idPrefix,
  n,
  step,
  authorities,
  onChange,
  onRemove,
}: {
  idPrefix: string;
  n: number;
  step: DraftStep;
  authorities: AssigneeAuthority[];
  onChange: (change: Partial<DraftStep>) => void;
  onRemove: () => void;
}) {
  const id = `${idPrefix}-${step.key}`;
  const owner = authorities.find((a) => a.authority.id === step.ownerAuthorityId);
  const complete = step.description.trim().length >= 3 && step.ownerAuthorityId && step.assigneeUserId && step.dueDate;
  return (
    <fieldset className="step-editor">
      <legend className="h5">{t.step(n)}</legend>
      <TextAreaField id={`${id}-description`} label={t.description} value={step.description} onChange={(description) => onChange({ description })} rows={2} maxLength={2000} />
      <div className="step-row">
        <SelectField
          id={`${id}-owner`}
          label={t.owner}
          value={step.ownerAuthorityId}
          placeholder={t.ownerPlaceholder}
          options={authorities.map((a) => ({ value: a.authority.id, label: a.authority.name }))}
          onChange={(ownerAuthorityId) => onChange({ ownerAuthorityId, assigneeUserId: '' })}
        />
        <SelectField
          id={`${id}-assignee`}
          label={t.assignee}
          hint={!owner ? t.assigneeFirst : owner.users.length === 0 ? t.noAssignees : undefined}
          value={step.assigneeUserId}
          placeholder={t.assigneePlaceholder}
          options={(owner?.users ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
          onChange={(assigneeUserId) => onChange({ assigneeUserId })}
          disabled={!owner}
        />
        <DateField id={`${id}-due`} label={t.due} value={step.dueDate} onChange={(dueDate) => onChange({ dueDate })} />
      </div>
      {!complete ? <p className="form-hint">{t.stepIncomplete}</p> : null}
      <button type="button" className="button button-secondary button-compact" onClick={onRemove}>
        {t.removeStep(n)}
      </button>
    </fieldset>
  );
}
