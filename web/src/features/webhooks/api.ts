import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  type CreateWebhookBody,
  DeliveryPage,
  type DeliveryStatus,
  UpdatedWebhook,
  type UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookWithSecret,
} from '../../../../contracts/webhooks';
import { contractApi } from '../../app/api-client';

export type DeliveryFilters = {
  webhookId?: string;
  status?: DeliveryStatus;
  event?: string;
  page: number;
  pageSize: number;
};

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
  deliveries: (f: DeliveryFilters) => ['webhooks', 'deliveries', f] as const,
  delivery: (id: string) => ['webhooks', 'delivery', id] as const,
};

const path = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export const createWebhook = (body: CreateWebhookBody) => contractApi.post(WebhookWithSecret, '/webhooks', body);
export const updateWebhook = (id: string, body: UpdateWebhookBody) => contractApi.patch(UpdatedWebhook, path(id), body);
export const deleteWebhook = (id: string) => contractApi.delete(z.unknown(), path(id));
export const sendTestEvent = (id: string) => contractApi.post(WebhookDelivery, `${path(id)}/test`);
export const redeliver = (deliveryId: string) =>
  contractApi.post(WebhookDelivery, `/webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: ({ signal }) => contractApi.get(z.array(Webhook), '/webhooks', undefined, signal),
  });
}

export function useDeliveries(filters: DeliveryFilters) {
  return useQuery({
    queryKey: webhookKeys.deliveries(filters),
    queryFn: ({ signal }) => contractApi.get(DeliveryPage, '/webhooks/deliveries', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDelivery(id: string | undefined) {
  return useQuery({
    queryKey: webhookKeys.delivery(id ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(WebhookDeliveryDetail, `/webhooks/deliveries/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function useInvalidateWebhooks(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: webhookKeys.all }), [queryClient]);
}
