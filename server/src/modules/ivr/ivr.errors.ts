import type { FlowIssue } from '../../../../contracts/ivr';
import { AppError } from '../../platform/errors';

const fields = (issues: FlowIssue[]) => ({
  fields: issues.map((i) => ({ location: 'body' as const, path: i.path, message: i.message })),
});

export const flowNotFound = (id: string) => new AppError('IVR.FLOW_NOT_FOUND', `No IVR flow ${id}`);
export const versionNotFound = (id: string, version: number) =>
  new AppError('IVR.VERSION_NOT_FOUND', `IVR flow ${id} has no version ${version}`);
export const flowKeyTaken = (key: string) =>
  new AppError('IVR.KEY_TAKEN', `An IVR flow with key ${key} exists`, { key });
/** Paths start at the request body (`definition.nodes.menu.options.1`). */
export const invalidFlow = (issues: FlowIssue[]) =>
  new AppError('IVR.INVALID_FLOW', `The flow has ${issues.length} problem(s)`, fields(issues));
export const unknownQueues = (issues: FlowIssue[]) =>
  new AppError('IVR.UNKNOWN_QUEUE', `The flow names queues that do not exist`, fields(issues));
