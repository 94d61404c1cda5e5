import { Alert } from '../../../components/alert';
import { errorText } from '../../../components/error-alert';
import { danishTime } from '../../../components/format';
import { texts } from '../texts';
import { itemProblems } from './minutes-draft';
import type { SaveState } from './use-minutes-draft';

const t = texts.minutes;

/** "Gemt kl. 10.42" (told politely), or why the last save failed, with a button to save now. */
export function SaveStatus({ state, onSave, dirty }: { state: SaveState; onSave: () => void; dirty: boolean }) {
  const problems = state.kind === 'failed' ? itemProblems(state.error, state.sent) : null;
  // A problem of its own, or those marked at the items, or what the status says.
  const text = problems && state.kind === 'failed' ? (problems.general ?? (Object.keys(problems.byItem).length > 0 ? t.seeItems : errorText(state.error))) : null;
  return (
    <div className="save-status">
      <p role="status" className="save-status-text">
        {state.kind === 'saving' ? t.saving : null}
        {state.kind === 'saved' && !dirty ? t.savedAt(danishTime(state.at.toISOString())) : null}
        {state.kind === 'idle' && !dirty ? t.allSaved : null}
      </p>
      {state.kind === 'failed' ? (
        <Alert variant="error" heading={t.saveFailed} headingLevel={3}>
          <p>{`${text ?? ''} ${t.kept}`}</p>
        </Alert>
      ) : null}
      {dirty && state.kind !== 'saving' && state.kind !== 'conflict' ? (
        <button type="button" className="button button-secondary button-compact" onClick={onSave}>
          {t.saveNow}
        </button>
      ) : null}
    </div>
  );
}
