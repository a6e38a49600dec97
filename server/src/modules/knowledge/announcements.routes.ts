import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Announcement,
  AnnouncementPage,
  ConfirmBody,
  ConfirmReply,
  CreateAnnouncementBody,
  CreateHandoverBody,
  HandoverNote,
  HandoverQuery,
  MyAnnouncements,
  MyAnnouncementsQuery,
  ReadStatus,
} from '../../../../contracts/announcements';
import { IdParams, PageQuery } from '../../../../contracts/common';
import { actorOf } from '../../platform/guard';
import type { Announcements } from './announcements.service';

export function registerAnnouncementRoutes(app: FastifyInstance, deps: { announcements: Announcements }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['announcements'];
  const { announcements } = deps;
  const senders = { permission: ['announcements.manage', 'announcements.team'] } as const;

  r.post(
    '/api/v1/announcements',
    {
      config: senders,
      schema: {
        tags,
        summary: 'Publish a notice to everyone, teams or roles (team leads: the teams they lead)',
        body: CreateAnnouncementBody,
        response: { 201: Announcement },
      },
    },
    async (req, reply) => reply.status(201).send(await announcements.create(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/announcements',
    {
      config: senders,
      schema: {
        tags,
        summary: 'Announcements one sent (announcements.manage: all), with read and confirmed counts',
        querystring: PageQuery,
        response: { 200: AnnouncementPage },
      },
    },
    async (req) => announcements.list(req.query, actorOf(req)),
  );
  r.get(
    '/api/v1/announcements/mine',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "The signed-in user's announcements (pending=true: waiting for their confirmation)",
        querystring: MyAnnouncementsQuery,
        response: { 200: MyAnnouncements },
      },
    },
    async (req) => announcements.mine(actorOf(req), req.query.pending ?? false),
  );
  r.post(
    '/api/v1/announcements/:id/read',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Mark an announcement read (opened)', params: IdParams },
    },
    async (req, reply) => {
      await announcements.markRead(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/announcements/:id/confirm',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Confirm having read it (with the quiz answers; a wrong answer names the questions)',
        params: IdParams,
        body: ConfirmBody,
        response: { 200: ConfirmReply },
      },
    },
    async (req) => announcements.confirm(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/announcements/:id/status',
    {
      config: senders,
      schema: {
        tags,
        summary: 'Who has not confirmed yet, per team',
        params: IdParams,
        response: { 200: ReadStatus },
      },
    },
    async (req) => announcements.readStatus(req.params.id, actorOf(req)),
  );
  r.get(
    '/api/v1/handover-notes',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "A team's handover notes (交接班), newest first: its members, its lead, announcements.manage",
        querystring: HandoverQuery,
        response: { 200: z.array(HandoverNote) },
      },
    },
    async (req) => announcements.handovers(req.query.teamId, req.query.limit, actorOf(req)),
  );
  r.post(
    '/api/v1/handover-notes',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "Write a handover note for one's team",
        body: CreateHandoverBody,
        response: { 201: HandoverNote },
      },
    },
    async (req, reply) => reply.status(201).send(await announcements.addHandover(req.body, actorOf(req))),
  );
}
