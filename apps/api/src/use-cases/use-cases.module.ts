import { Global, Module } from '@nestjs/common';
import { PersonWorkflows } from '../fokuspersoner/person-workflows';
import { StepWorkflows } from '../steps/step-workflows';
import { AgreedSteps } from './agreed-steps';
import { RegisterDecisions } from './register-decisions';

/**
 * The building blocks of commands that cross features (docs/architecture.md, "Use cases"): a
 * register decision and agreeing steps, each inside the caller's audited transaction, and the
 * Temporal side of persons and steps. Feature services use these, never each other.
 */
@Global()
@Module({
  providers: [PersonWorkflows, StepWorkflows, AgreedSteps, RegisterDecisions],
  exports: [PersonWorkflows, StepWorkflows, AgreedSteps, RegisterDecisions],
})
export class UseCasesModule {}
