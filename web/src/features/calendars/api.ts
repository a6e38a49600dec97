import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { Calendar, type CalendarBody, CheckResult, ImportResult } from '../../../../contracts/calendars';
import { contractApi } from '../../app/api-client';
import { calendarKeys } from '../../app/lookups';

export { calendarKeys, useCalendars } from '../../app/lookups';

const path = (id: string) => `/calendars/${encodeURIComponent(id)}`;

export function useCalendar(id: string | undefined) {
  return useQuery({
    queryKey: calendarKeys.one(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(Calendar, path(id!), undefined, signal),
    enabled: !!id,
  });
}

export const createCalendar = (body: CalendarBody) => contractApi.post(Calendar, '/calendars', body);
export const replaceCalendar = (id: string, body: CalendarBody) => contractApi.put(Calendar, path(id), body);
export const deleteCalendar = (id: string) => contractApi.delete(z.void(), path(id));
export const importNational = (id: string, year: number) =>
  contractApi.post(ImportResult, `${path(id)}/holidays/import-national`, { year });
export const checkCalendar = (id: string, at: string) => contractApi.get(CheckResult, `${path(id)}/check`, { at });

export function useInvalidateCalendars(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: calendarKeys.all }), [queryClient]);
}
