import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../../api/errors';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDate, danishTime, danishWeekdayDate } from '../../../components/format';
import { BackLink } from '../../../components/back-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { usePauseSchedule, useReminderPolicy, useSchedule, useSetCadence, useSetReminderPolicy, type SchedulePreview } from '../api/forum';
import { CadenceForm } from '../components/cadence-form';
import { ReminderPolicyForm } from '../components/reminder-policy-form';
import { texts } from '../texts';
import '../forum.css';

function cadenceText(cadence: NonNullable<SchedulePreview['cadence']>): string {
  const t = texts.planning;
  const time = cadence.time.replace(':', '.');
  if (cadence.kind === 'DATES') return t.dates(cadence.dates?.length ?? 0, time);
  const parts = [t.every(cadence.everyWeeks ?? 1, t.weekdays[(cadence.weekday ?? 1) - 1] ?? '', time)];
  if (cadence.startDate) parts.push(t.from(danishDate(cadence.startDate)));
  if (cadence.until) parts.push(t.until(danishDate(cadence.until)));
  return parts.join(' ');
}

/** The next six meetings, a moved one saying from which day (the api names the day the cadence gives and the day it is held). */
function Preview({ schedule }: { schedule: SchedulePreview }) {
  const t = texts.planning;
  const dates = schedule.occurrences;
  return (
    <>
      <h3>{t.preview}</h3>
      <p className="form-hint">{t.previewIntro}</p>
      {dates.length === 0 ? (
        <p className="empty-state">{t.noPreview}</p>
      ) : (
        <ol className="forum-preview" aria-label={t.preview}>
          {dates.map((d) => (
            <li key={d.startsAt}>
              {`${danishWeekdayDate(d.startsAt)} kl. ${danishTime(d.startsAt)}`}
              {d.plannedDate !== d.date ? <span className="forum-moved">{t.moved(danishWeekdayDate(`${d.plannedDate}T12:00:00Z`))}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** /fora/:forumId/planlaegning: the forum's meeting cadence (with the next six dates), pausing it, and the reminder policy of its steps. */
export function PlanningRoute() {
  const t = texts.planning;
  const { forumId = '' } = useParams();
  const schedule = useSchedule(forumId);
  const policy = useReminderPolicy(forumId);
  const setCadence = useSetCadence(forumId);
  const pause = usePauseSchedule(forumId);
  const setPolicy = useSetReminderPolicy(forumId);
  const [done, setDone] = useState<{ text: string; where: 'cadence' | 'reminders' } | null>(null);
  const [formKeys, setFormKeys] = useState({ cadence: 0, reminders: 0 });
  const cadenceOutcome = useRef<HTMLDivElement>(null);
  const reminderOutcome = useRef<HTMLDivElement>(null);
  const back = <BackLink to={`/fora/${forumId}`}>{t.back}</BackLink>;

  if (schedule.isPending || policy.isPending) {
    return (
      <Page title={t.title} before={back}>
        <Loading />
      </Page>
    );
  }
  if (schedule.isError || policy.isError) {
    return (
      <Page title={t.title} before={back}>
        <ErrorAlert error={schedule.error ?? policy.error} heading={texts.loadFailed} onRetry={() => void Promise.all([schedule.refetch(), policy.refetch()])} />
      </Page>
    );
  }

  const focus = (where: 'cadence' | 'reminders') => window.setTimeout(() => (where === 'cadence' ? cadenceOutcome : reminderOutcome).current?.focus(), 0);
  const start = () => {
    setDone(null);
    setCadence.reset();
    pause.reset();
    setPolicy.reset();
  };
  const s = schedule.data;
  const cadenceFailed = setCadence.isError && !(setCadence.error instanceof ApiError && setCadence.error.invalidInput);
  const policyFailed = setPolicy.isError && !(setPolicy.error instanceof ApiError && setPolicy.error.invalidInput);

  return (
    <Page title={`${t.title} – ${s.forumName}`} heading={t.title} before={back}>
      <p>{t.intro(s.forumName)}</p>
      <section aria-labelledby="cadence-heading" className="forum-section">
        <h2 id="cadence-heading">{t.cadence}</h2>
        <div ref={cadenceOutcome} tabIndex={-1} className="forum-outcome">
          <div role="status">{done?.where === 'cadence' ? <Alert variant="success">{done.text}</Alert> : null}</div>
          {cadenceFailed ? <ErrorAlert error={setCadence.error} heading={t.saveFailed} typed headingLevel={3} /> : null}
          {pause.isError ? <ErrorAlert error={pause.error} heading={t.pauseFailed} headingLevel={3} /> : null}
        </div>
        {s.cadence ? (
          <>
            <dl className="fact-list fact-list--grid">
              <dt>{t.current}</dt>
              <dd>{cadenceText(s.cadence)}</dd>
              <dt>{texts.overview.status}</dt>
              <dd>
                <strong className={`badge status-badge ${s.paused ? 'badge-warning' : 'badge-success'}`}>{s.paused ? t.pausedBadge : t.activeBadge}</strong>
                <span className="forum-moved">{s.paused ? t.pausedText : t.activeText}</span>
              </dd>
            </dl>
            <p>
              <button
                type="button"
                className="button button-secondary"
                disabled={pause.isPending}
                onClick={() => {
                  start();
                  const paused = !s.paused;
                  pause.mutate(paused, { onSuccess: () => setDone({ text: paused ? t.paused : t.resumed, where: 'cadence' }), onSettled: () => focus('cadence') });
                }}
              >
                {pause.isPending ? texts.saving : s.paused ? t.resume : t.pause}
              </button>
            </p>
            <Preview schedule={s} />
          </>
        ) : (
          <p className="empty-state">{t.noCadence}</p>
        )}
        <CadenceForm
          key={formKeys.cadence}
          forumId={forumId}
          cadence={s.cadence}
          pending={setCadence.isPending}
          error={setCadence.error}
          onEdit={() => setDone(null)}
          onSave={(cadence, clearDraft) => {
            start();
            setCadence.mutate(
              { cadence, meetingPolicy: s.meetingPolicy },
              {
                onSuccess: () => {
                  clearDraft();
                  setFormKeys((k) => ({ ...k, cadence: k.cadence + 1 }));
                  setDone({ text: t.saved, where: 'cadence' });
                },
                onSettled: (_data, error) => {
                  if (!(error instanceof ApiError && error.invalidInput)) focus('cadence');
                },
              },
            );
          }}
        />
      </section>
      <section aria-labelledby="reminders-heading" className="forum-section">
        <h2 id="reminders-heading">{texts.reminders.heading}</h2>
        <p>{texts.reminders.intro}</p>
        <div ref={reminderOutcome} tabIndex={-1} className="forum-outcome">
          <div role="status">{done?.where === 'reminders' ? <Alert variant="success">{done.text}</Alert> : null}</div>
          {policyFailed ? <ErrorAlert error={setPolicy.error} heading={texts.reminders.saveFailed} typed headingLevel={3} /> : null}
        </div>
        <ReminderPolicyForm
          key={formKeys.reminders}
          forumId={forumId}
          policy={policy.data}
          pending={setPolicy.isPending}
          error={setPolicy.error}
          onEdit={() => setDone(null)}
          onSave={(body, clearDraft) => {
            start();
            setPolicy.mutate(body, {
              onSuccess: () => {
                clearDraft();
                setFormKeys((k) => ({ ...k, reminders: k.reminders + 1 }));
                setDone({ text: texts.reminders.saved, where: 'reminders' });
              },
              onSettled: (_data, error) => {
                if (!(error instanceof ApiError && error.invalidInput)) focus('reminders');
              },
            });
          }}
        />
      </section>
    </Page>
  );
}
