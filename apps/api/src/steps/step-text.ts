// The step texts' encryption lives with the step repository; the api's readers import it from here.
export { decryptStepText, stepAad } from '@psp/persistence';
