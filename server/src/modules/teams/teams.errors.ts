import { AppError } from '../../platform/errors';

export const teamNotFound = (id: string) => new AppError('TEAMS.NOT_FOUND', `No team ${id}`);
export const teamNameTaken = (name: string) =>
  new AppError('TEAMS.NAME_TAKEN', `A team named ${name} exists`, { name });
export const leadNotFound = (id: string) =>
  new AppError('TEAMS.LEAD_NOT_FOUND', `No user ${id} to lead the team`, {
    fields: [{ location: 'body', path: 'leadUserId', message: 'no such user' }],
  });
