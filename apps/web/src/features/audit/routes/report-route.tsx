import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, TextField } from '../../../components/form-fields';
import { danishDate } from '../../../components/format';
import { DownloadLink } from '../../../components/download-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { letterUrl, useCitizenReport, type CitizenAccessRow } from '../api/audit';
import { UUID } from '../components/log-search-form';
import { labelOf, texts } from '../texts';
import '../audit.css';

function whoOf(row: CitizenAccessRow): string {
  if (row.actedAs === 'SUPERVISORY_CONTROL') return texts.report.control;
  return row.authority ?? texts.report.system;
}

function ReportTable({ rows }: { rows: CitizenAccessRow[] }) {
  const c = texts.columns;
  return (
    <table className="table table--compact table-md-responsive-headers audit-table">
      <caption className="sr-only">{texts.report.heading}</caption>
      <thead>
        <tr>
          <th scope="col">{c.date}</th>
          <th scope="col">{c.authority}</th>
          <th scope="col">{c.action}</th>
          <th scope="col">{c.purpose}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td data-title={c.date}>{danishDate(r.date)}</td>
            <td data-title={c.authority}>{whoOf(r)}</td>
            <td data-title={c.action}>{labelOf(texts.actions, r.action)}</td>
            <td data-title={c.purpose}>{labelOf(texts.purposes, r.purpose)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ personId }: { personId: string }) {
  const r = texts.report;
  const report = useCitizenReport(personId);
  return (
    <section aria-labelledby="report-heading" className="audit-section">
      <h2 id="report-heading">{r.heading}</h2>
      <p>
        {r.forPerson} <span className="audit-code">{personId}</span>
      </p>
      {report.isPending ? <Loading /> : null}
      {report.isError ? <ErrorAlert error={report.error} heading={r.loadFailed} onRetry={() => void report.refetch()} headingLevel={3} /> : null}
      {report.isSuccess ? (
        <>
          <DownloadLink href={letterUrl(personId)} label={r.pdf} hint={r.pdfHint} hintId="report-pdf-hint" primary />
          {report.data.length === 0 ? <p className="empty-state">{r.empty}</p> : <ReportTable rows={report.data} />}
        </>
      ) : null}
    </section>
  );
}

/** /adgangslog/indsigt[/:personId]: a citizen's access report (dates, authorities, purposes; no staff) and the letter to send them. */
export function ReportRoute() {
  const r = texts.report;
  const { personId } = useParams();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(personId ?? '');
  const [errors, setErrors] = useState<{ fieldId: string; text: string }[]>([]);
  const [attempt, setAttempt] = useState(0);
  const current = personId && UUID.test(personId) ? personId.toLowerCase() : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = draft.trim().toLowerCase();
    const found = UUID.test(id) ? [] : [{ fieldId: 'report-person', text: texts.log.personInvalid }];
    setErrors(found);
    setAttempt((n) => n + 1);
    if (found.length === 0) void navigate(`/adgangslog/indsigt/${id}`);
  };

  return (
    <Page title={r.title} focusKey={current}>
      <p className="audit-intro">{r.intro}</p>
      <form onSubmit={submit} noValidate className="audit-search">
        <ErrorSummary errors={errors} focusKey={attempt} />
        <TextField id="report-person" label={r.person} hint={texts.log.personHint} value={draft} onChange={setDraft} error={errors[0]?.text} className="audit-id-input" />
        <div className="audit-form-actions">
          <button type="submit" className="button button-primary">
            {r.show}
          </button>
        </div>
      </form>
      {personId && !current ? <Alert variant="error">{texts.log.personInvalid}</Alert> : null}
      {current ? <Report key={current} personId={current} /> : null}
    </Page>
  );
}
