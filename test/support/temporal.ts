import { randomUUID } from 'node:crypto';
import type { TemporalKeysConfig } from '@psp/config';
import type { StepActionRequest } from '@psp/domain';
import { parseKeyList, StepActionSigner, temporalDataConverter, type UnsignedStepActionRequest } from '@psp/persistence';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { randomSecrets } from '../../tools/src/dev-secrets';
import { testServices } from './services';

/**
 * One set of Temporal keys per test file (jest gives each file its own module registry): the api,
 * the workers, the worker processes and the test's own clients of a file all use them, as api and
 * worker share them in production.
 */
const { TEMPORAL_PAYLOAD_KEYS, TEMPORAL_REQUEST_SIGNING_KEY } = randomSecrets();

/** The environment variables of the file's keys, for an api or worker configuration or process. */
export function testTemporalEnv(): { TEMPORAL_PAYLOAD_KEYS: string; TEMPORAL_REQUEST_SIGNING_KEY: string } {
  return { TEMPORAL_PAYLOAD_KEYS, TEMPORAL_REQUEST_SIGNING_KEY };
}

export function testTemporalKeys(): TemporalKeysConfig {
  const payloadKeys = parseKeyList(TEMPORAL_PAYLOAD_KEYS);
  return { payloadKeys, payloadActiveKeyId: [...payloadKeys.keys()].at(-1)!, requestSigningKey: Buffer.from(TEMPORAL_REQUEST_SIGNING_KEY, 'base64') };
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
 * A step change as the api sends it: signed for this step and a fresh Update id. Use as
 * `handle.executeUpdate(STEP_UPDATE, signedStepUpdate(stepId, request))`.
 */
export function signedStepUpdate(stepId: string, request: UnsignedStepActionRequest): { args: [StepActionRequest]; updateId: string } {
  const updateId = randomUUID();
  return { args: [new StepActionSigner(testTemporalKeys().requestSigningKey).sign(stepId, updateId, request)], updateId };
}
