/**
 * What the api, the worker and the workflow code agree on about each workflow: its type name, its
 * id, its input, and its signals and queries as Temporal definitions. All three import these, so a
 * renamed workflow, signal or input breaks the build rather than a run. Workflow code may import
 * this lib (it holds no I/O: only @temporalio/workflow's define* functions and libs/domain types).
 */
export * from './workflows';
export * from './step';
export * from './meeting';
