import { idempotencyKey, type NotificationRequest } from '@psp/workflow-contracts';
import { patched, proxyActivities, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LOCAL_NOTICES_PATCH } from './patches';

const options = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 } } as const;
const local = proxyLocalActivities<Activities>(options);
const remote = proxyActivities<Activities>(options);
/** One idempotent insert: a local activity (histories from before that replay as recorded). */
const deliverInAppNotification = (n: Parameters<Activities['deliverInAppNotification']>[0]) =>
  patched(LOCAL_NOTICES_PATCH) ? local.deliverInAppNotification(n) : remote.deliverInAppNotification(n);

/** Delivers one notification to a user's inbox, no earlier than `deliverAt`, exactly once. */
export async function notificationWorkflow(request: NotificationRequest): Promise<{ delivered: boolean }> {
  if (request.deliverAt) {
    const wait = Date.parse(request.deliverAt) - Date.now();
    if (wait > 0) await sleep(wait);
  }
  const created = await deliverInAppNotification({
    recipientUserId: request.recipientUserId,
    idempotencyKey: idempotencyKey(workflowInfo().workflowId, request.purpose),
    kind: request.kind,
    subject: request.subject,
    body: request.body,
    link: request.link ?? null,
  });
  return { delivered: created };
}
