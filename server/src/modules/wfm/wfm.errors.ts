import { AppError } from '../../platform/errors';

export const forecastNotFound = (id: string) => new AppError('WFM.FORECAST_NOT_FOUND', `No forecast ${id}`);
export const queueNotFound = (id: string, path: string) =>
  new AppError('WFM.QUEUE_NOT_FOUND', `No queue ${id}`, {
    fields: [{ location: 'body', path, message: 'no such queue' }],
  });
export const calendarNotFound = (id: string) =>
  new AppError('WFM.CALENDAR_NOT_FOUND', `No calendar ${id}`, {
    fields: [{ location: 'body', path: 'calendarId', message: 'no such calendar' }],
  });
export const dateOutOfForecast = (date: string, path: string) =>
  new AppError('WFM.DATE_OUT_OF_FORECAST', `${date} is not a day of the forecast`, {
    fields: [{ location: 'body', path, message: 'not a day of the forecast' }],
  });
export const historyRange = (message: string, location: 'body' | 'querystring' = 'querystring') =>
  new AppError('WFM.HISTORY_RANGE', message, { fields: [{ location, path: 'to', message }] });
export const intervalOutOfDay = (interval: number, perDay: number, path: string) =>
  new AppError('WFM.INTERVAL_OUT_OF_DAY', `Interval ${interval} is beyond the day's ${perDay}`, {
    fields: [{ location: 'body', path, message: `at most ${perDay - 1}` }],
  });
export const templateNotFound = (id: string) => new AppError('WFM.TEMPLATE_NOT_FOUND', `No shift template ${id}`);
export const agentNotFound = (id: string) => new AppError('WFM.AGENT_NOT_FOUND', `No agent ${id} in the ACD`);
export const scheduleNotFound = (id: string) => new AppError('WFM.SCHEDULE_NOT_FOUND', `No schedule ${id}`);
export const scheduleState = (state: string, wanted: string) =>
  new AppError('WFM.SCHEDULE_STATE', `The schedule is ${state}; only a ${wanted} one allows this`, { state });
export const shiftNotFound = (id: string, path?: string) =>
  new AppError('WFM.SHIFT_NOT_FOUND', `No published shift ${id}`, {
    ...(path ? { fields: [{ location: 'body', path, message: 'no such published shift' }] } : {}),
  });
export const requestNotFound = (id: string) => new AppError('WFM.REQUEST_NOT_FOUND', `No request ${id}`);
export const requestState = (state: string) =>
  new AppError('WFM.REQUEST_STATE', `The request is ${state}: this step does not apply`, { state });
export const simulationInput = (message: string, path: string, detail: string) =>
  new AppError('WFM.SIMULATION_INPUT', message, { fields: [{ location: 'body', path, message: detail }] });
export const simulationNotFound = (id: string) => new AppError('WFM.SIMULATION_NOT_FOUND', `No simulation ${id}`);
