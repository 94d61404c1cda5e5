import { TextField } from '../../../components/form-fields';
import type { AssigneeAuthority } from '../api/meeting-types';
import { texts } from '../texts';
import type { MinutesDraft } from './minutes-draft';

const t = texts.attendance;

/** Present or not, and who came, for each member authority: part of the minutes draft. */
export function Attendance({
  authorities,
  draft,
  editable,
  onChange,
}: {
  authorities: AssigneeAuthority[];
  draft: MinutesDraft;
  editable: boolean;
  onChange: (patch: (d: MinutesDraft) => Partial<MinutesDraft>) => void;
}) {
  if (authorities.length === 0) return <p className="empty-state">{t.noAuthorities}</p>;
  const set = (authorityId: string, change: Partial<{ present: boolean; attendees: string }>) =>
    onChange((d) => {
      const before = d.attendance[authorityId] ?? { present: false, attendees: '' };
      return { attendance: { ...d.attendance, [authorityId]: { ...before, ...change } } };
    });
  return (
    <ul className="attendance-list unstyled-list no-max-width">
      {authorities.map(({ authority }) => {
        const a = draft.attendance[authority.id] ?? { present: false, attendees: '' };
        const id = `attendance-${authority.id}`;
        return (
          <li key={authority.id} className="attendance-row">
            <div className="form-group-checkbox attendance-present">
              <input
                type="checkbox"
                id={`${id}-present`}
                className="form-checkbox"
                checked={a.present}
                disabled={!editable}
                onChange={(e) => set(authority.id, { present: e.target.checked })}
              />
              <label htmlFor={`${id}-present`}>{t.present(authority.name)}</label>
            </div>
            <TextField
              id={`${id}-attendees`}
              label={t.attendees(authority.name)}
              optional
              value={a.attendees}
              disabled={!editable}
              onChange={(attendees) => set(authority.id, { attendees })}
            />
          </li>
        );
      })}
    </ul>
  );
}
