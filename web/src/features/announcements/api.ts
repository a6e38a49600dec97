import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  Announcement,
  AnnouncementPage,
  type CreateAnnouncementBody,
  type CreateHandoverBody,
  HandoverNote,
  ReadStatus,
} from '../../../../contracts/announcements';
import { contractApi } from '../../app/api-client';

export const announcementKeys = {
  all: ['announcements'] as const,
  list: (page: number, pageSize: number) => ['announcements', 'list', page, pageSize] as const,
  status: (id: string) => ['announcements', 'status', id] as const,
  handover: (teamId: string) => ['announcements', 'handover', teamId] as const,
};

export function useAnnouncements(page: number, pageSize: number) {
  return useQuery({
    queryKey: announcementKeys.list(page, pageSize),
    queryFn: ({ signal }) => contractApi.get(AnnouncementPage, '/announcements', { page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReadStatus(id: string | undefined) {
  return useQuery({
    queryKey: announcementKeys.status(id ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(ReadStatus, `/announcements/${encodeURIComponent(id ?? '')}/status`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useHandoverNotes(teamId: string | undefined) {
  return useQuery({
    queryKey: announcementKeys.handover(teamId ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(z.array(HandoverNote), '/handover-notes', { teamId: teamId ?? '', limit: 50 }, signal),
    enabled: teamId !== undefined,
  });
}

export const publishAnnouncement = (body: CreateAnnouncementBody) =>
  contractApi.post(Announcement, '/announcements', body);
export const writeHandoverNote = (body: CreateHandoverBody) => contractApi.post(HandoverNote, '/handover-notes', body);

export function useInvalidateAnnouncements(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: announcementKeys.all }), [queryClient]);
}
