import type { TemporalKeysConfig } from '@psp/config';
import type { StepChangeRequest } from '@psp/domain';
import { changeStep, lockStep, parseKeyList, temporalDataConverter } from '@psp/persistence';
import { stepChanged, stepWorkflowId } from '@psp/workflow-contracts';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { DataConverter } from '@temporalio/common';
import { randomSecrets } from '../../tools/src/dev-secrets';
import { testServices } from './services';

/**
 * One set of Temporal keys per test file (jest gives each file its own module registry): the api,
 * the workers, the worker processes and the test's own clients of a file all use them, as api and
 * worker share them in production.
 */
const { TEMPORAL_PAYLOAD_KEYS } = randomSecrets();

/** The environment variables of the file's keys, for an api or worker configuration or process. */
export function testTemporalEnv(): { TEMPORAL_PAYLOAD_KEYS: string } {
  return { TEMPORAL_PAYLOAD_KEYS };
}

export function testTemporalKeys(): TemporalKeysConfig {
  const payloadKeys = parseKeyList(TEMPORAL_PAYLOAD_KEYS);
  return { payloadKeys, payloadActiveKeyId: [...payloadKeys.keys()].at(-1)! };
}

/** The codec api and worker use: what a test client needs to read or send what they do. */
export function testDataConverter(): DataConverter {
  return temporalDataConverter(testTemporalKeys());
}

/** A client of the dev server (or `address`) with the file's payload codec. */
export async function testTemporalClient(address = testServices().temporalAddress): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address }), dataConverter: testDataConverter() });
}

/**
 * Changes a step as the api does, for tests that run workflows without the api: the row locked,
 * the transition's rule, the row and its history written, and the workflow signalled before the
 * commit. Answers the step's status after the change; a refused change throws and writes nothing.
 */
export async function changeStepAsTheApi(dataSource: DataSource, client: Client, stepId: string, request: StepChangeRequest, actorUserId: string): Promise<{ status: string }> {
  return dataSource.transaction(async (tx) => {
    const locked = await lockStep(tx, stepId);
    if (!locked) throw new Error(`no step ${stepId}`);
    const { to } = await changeStep(tx, locked, request, { actorUserId, now: new Date() });
    await client.workflow.getHandle(stepWorkflowId(stepId)).signal(stepChanged);
    return { status: to };
  });
}
