import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import type { components, operations } from '../../../api/schema';

/** The audit api's shapes (schema.d.ts is generated: never edit it). */
type Schemas = components['schemas'];
export type AccessLogEntry = Schemas['AccessLogEntryView'];
export type AccessLogPage = Schemas['AccessLogPage'];
export type VerificationRun = Schemas['VerificationRunView'];
export type CitizenAccessRow = Schemas['CitizenAccessView'];
export type AuditAuthority = Schemas['AuditAuthorityView'];
/** What the log is searched by (the api's query, without paging and order). */
export type LogFilters = Omit<NonNullable<operations['AuditController_query']['parameters']['query']>, 'page' | 'pageSize' | 'order'>;

export const PAGE_SIZE = 50;
const auditKey = ['audit'] as const;
const latestKey = [...auditKey, 'verifications', 'latest'] as const;

/** One page of the log, newest first; the previous page stays on screen while the next loads. */
export function useAccessLog(filters: LogFilters, page: number) {
  return useQuery({
    queryKey: [...auditKey, 'log', filters, page],
    queryFn: (context): Promise<AccessLogPage> =>
      unwrap(api.GET('/api/v1/audit/log', { params: { query: { ...filters, order: 'newest', page, pageSize: PAGE_SIZE } }, headers: requestHeaders(context) })),
    placeholderData: keepPreviousData,
    // Each search is logged: no refetch the auditor did not ask for.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

/** The CSV export of the same search: a file the browser downloads with the session cookie, an ordinary link. */
export function csvUrl(filters: LogFilters): string {
  const query = new URLSearchParams({ order: 'newest' });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, String(value));
  return `/api/v1/audit/log.csv?${query.toString()}`;
}

export function useAuthorities() {
  return useQuery({
    queryKey: [...auditKey, 'authorities'],
    queryFn: (context): Promise<AuditAuthority[]> => unwrap(api.GET('/api/v1/audit/authorities', { headers: requestHeaders(context) })),
    staleTime: 10 * 60_000,
  });
}

export function useLatestVerification() {
  return useQuery({
    queryKey: latestKey,
    queryFn: async (context): Promise<VerificationRun | null> => (await unwrap(api.GET('/api/v1/audit/verifications/latest', { headers: requestHeaders(context) }))).latest,
  });
}

/** Verifies the log now; the recorded run becomes the latest. */
export function useVerifyNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<VerificationRun> => unwrap(api.POST('/api/v1/audit/verifications')),
    onSuccess: (run) => client.setQueryData(latestKey, run),
  });
}

export function useCitizenReport(personId: string) {
  return useQuery({
    queryKey: [...auditKey, 'report', personId],
    queryFn: (context): Promise<CitizenAccessRow[]> =>
      unwrap(api.GET('/api/v1/audit/fokuspersoner/{id}/access-report', { params: { path: { id: personId } }, headers: requestHeaders(context) })),
    refetchOnWindowFocus: false,
  });
}

/** The letter to the citizen: a file the browser downloads, an ordinary link. */
export function letterUrl(personId: string): string {
  return `/api/v1/audit/fokuspersoner/${encodeURIComponent(personId)}/access-report.pdf`;
}
