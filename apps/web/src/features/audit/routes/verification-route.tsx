import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDateTime } from '../../../components/format';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useLatestVerification, useVerifyNow, type VerificationRun } from '../api/audit';
import { texts } from '../texts';
import '../audit.css';

function RunResult({ run }: { run: VerificationRun }) {
  const v = texts.verify;
  return (
    <Alert variant={run.ok ? 'success' : 'error'} heading={run.ok ? v.ok : v.broken} headingLevel={3}>
      <dl className="audit-facts">
        <dt>{v.when}</dt>
        <dd>{danishDateTime(run.verifiedAt)}</dd>
        <dt>{v.rows}</dt>
        <dd>{run.rows.toLocaleString('da-DK')}</dd>
        {run.ok ? null : (
          <>
            <dt>{v.brokenRow}</dt>
            <dd className="audit-code">{v.brokenRowValue(run.brokenSeq, run.brokenId)}</dd>
            {run.chain !== null ? (
              <>
                <dt>{v.chain}</dt>
                <dd>{run.chain}</dd>
              </>
            ) : null}
            <dt>{v.reason}</dt>
            <dd>{run.reason}</dd>
          </>
        )}
      </dl>
      {run.ok ? null : <p>{v.brokenAdvice}</p>}
    </Alert>
  );
}

/** /adgangslog/kaede: when the hash chains were last verified and what was found; "Verificér nu" runs and records a new verification. */
export function VerificationRoute() {
  const v = texts.verify;
  const latest = useLatestVerification();
  const verify = useVerifyNow();
  return (
    <Page title={v.title}>
      <p className="audit-intro">{v.intro}</p>
      <section aria-labelledby="verify-latest-heading" className="audit-section">
        <h2 id="verify-latest-heading">{v.latest}</h2>
        <div aria-live="polite">
          {latest.isPending ? <Loading /> : null}
          {latest.isError ? <ErrorAlert error={latest.error} heading={v.loadFailed} onRetry={() => void latest.refetch()} headingLevel={3} /> : null}
          {latest.isSuccess && latest.data === null ? <p className="empty-state">{v.never}</p> : null}
          {latest.data ? <RunResult run={latest.data} /> : null}
          {verify.isSuccess && !verify.isPending ? <p className="sr-only">{v.done}</p> : null}
        </div>
        <p>
          <button type="button" className="button button-primary" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {verify.isPending ? v.running : v.now}
          </button>
        </p>
        {verify.isPending ? <Loading text={v.running} /> : null}
        {verify.isError ? <ErrorAlert error={verify.error} heading={v.failed} headingLevel={3} /> : null}
      </section>
    </Page>
  );
}
