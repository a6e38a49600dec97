import { AppError } from '../../platform/errors';

export const webhookNotFound = (id: string) => new AppError('WEBHOOKS.NOT_FOUND', `No webhook ${id}`);
export const deliveryNotFound = (id: string) =>
  new AppError('WEBHOOKS.DELIVERY_NOT_FOUND', `No webhook delivery ${id}`);
export const urlRefused = (host: string) =>
  new AppError('WEBHOOKS.URL_REFUSED', `Webhooks may not reach ${host}: a loopback or private address`, {
    fields: [{ location: 'body', path: 'url', message: 'a loopback or private address is not allowed' }],
  });
