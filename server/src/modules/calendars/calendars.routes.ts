import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddQuery,
  AddResult,
  Calendar,
  CalendarBody,
  CalendarSummary,
  CheckQuery,
  CheckResult,
  ImportDaysBody,
  ImportNationalBody,
  ImportResult,
  MinutesQuery,
  MinutesResult,
} from '../../../../contracts/calendars';
import { IdParams } from '../../../../contracts/common';
import { actorOf } from '../../platform/guard';
import type { CalendarsService } from './calendars.service';

export function registerCalendarRoutes(app: FastifyInstance, deps: { calendars: CalendarsService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendars'];
  const { calendars } = deps;
  const view = { permission: 'calendars.view' } as const;
  const manage = { permission: 'calendars.manage' } as const;

  r.get(
    '/api/v1/calendars',
    { config: view, schema: { tags, summary: 'List business calendars', response: { 200: z.array(CalendarSummary) } } },
    async () => calendars.list(),
  );
  r.get(
    '/api/v1/calendars/:id',
    {
      config: view,
      schema: { tags, summary: 'One calendar with its days', params: IdParams, response: { 200: Calendar } },
    },
    async (req) => calendars.get(req.params.id),
  );
  r.post(
    '/api/v1/calendars',
    { config: manage, schema: { tags, summary: 'Create a calendar', body: CalendarBody, response: { 201: Calendar } } },
    async (req, reply) => reply.status(201).send(await calendars.create(req.body, actorOf(req))),
  );
  r.put(
    '/api/v1/calendars/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Replace a calendar (hours and the full list of days)',
        params: IdParams,
        body: CalendarBody,
        response: { 200: Calendar },
      },
    },
    async (req) => calendars.replace(req.params.id, req.body, actorOf(req)),
  );
  r.delete(
    '/api/v1/calendars/:id',
    {
      config: manage,
      schema: { tags, summary: 'Delete a calendar nobody uses (409 lists the users)', params: IdParams },
    },
    async (req, reply) => {
      await calendars.remove(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/calendars/:id/holidays/import',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Import holidays and make-up days (CSV date,name,kind or JSON); all rows or none',
        params: IdParams,
        body: ImportDaysBody,
        response: { 200: ImportResult },
      },
    },
    async (req) => calendars.importDays(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/calendars/:id/holidays/import-national',
    {
      config: manage,
      schema: {
        tags,
        summary: "Import China's public holidays and 调休 days of a year",
        params: IdParams,
        body: ImportNationalBody,
        response: { 200: ImportResult },
      },
    },
    async (req) => calendars.importNational(req.params.id, req.body.year, actorOf(req)),
  );
  r.get(
    '/api/v1/calendars/:id/check',
    {
      config: view,
      schema: {
        tags,
        summary: 'Open at an instant, and when it next opens',
        params: IdParams,
        querystring: CheckQuery,
        response: { 200: CheckResult },
      },
    },
    async (req) => {
      const bt = await calendars.businessTime(req.params.id);
      const at = req.query.at ? new Date(req.query.at) : calendars.now();
      return { at: at.toISOString(), open: bt.isOpen(at), nextOpen: bt.nextOpen(at)?.toISOString() ?? null };
    },
  );
  r.get(
    '/api/v1/calendars/:id/business-minutes',
    {
      config: view,
      schema: {
        tags,
        summary: 'Business minutes in [from, to)',
        params: IdParams,
        querystring: MinutesQuery,
        response: { 200: MinutesResult },
      },
    },
    async (req) => {
      const bt = await calendars.businessTime(req.params.id);
      return { minutes: bt.minutesBetween(new Date(req.query.from), new Date(req.query.to)) };
    },
  );
  r.get(
    '/api/v1/calendars/:id/add',
    {
      config: view,
      schema: {
        tags,
        summary: 'The instant a number of business minutes after from',
        params: IdParams,
        querystring: AddQuery,
        response: { 200: AddResult },
      },
    },
    async (req) => {
      const bt = await calendars.businessTime(req.params.id);
      return { at: calendars.addMinutes(bt, new Date(req.query.from), req.query.minutes).toISOString() };
    },
  );
}
