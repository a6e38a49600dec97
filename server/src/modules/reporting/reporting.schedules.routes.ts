import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateReportScheduleBody,
  ReportRun,
  ReportSchedule,
  ReportScheduleList,
  UpdateReportScheduleBody,
} from '../../../../contracts/report-schedules';
import { principalOf } from '../../platform/guard';
import type { ReportSchedules, ScheduleActor } from './reporting.schedules';

/**
 * Scheduled reports. Anyone who may read reports (reports.view) sees their own schedules and with
 * reports.schedule keeps them; who
 * manages the floor (routing.manage: supervisors, admins) sees and edits every one.
 */
export function registerScheduleRoutes(app: FastifyInstance, schedules: ReportSchedules): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const view = { config: { permission: 'reports.view' as const } };
  const change = { config: { permission: 'reports.schedule' as const } };
  const Params = z.object({ id: z.uuid() });
  const actor = (req: FastifyRequest): ScheduleActor => {
    const p = principalOf(req);
    return { userId: p.userId, all: p.permissions.has('routing.manage') };
  };

  r.get(
    '/api/v1/reports/schedules',
    {
      ...view,
      schema: {
        tags,
        summary: 'Scheduled reports (own; every one with routing.manage)',
        response: { 200: ReportScheduleList },
      },
    },
    async (req) => ({ items: await schedules.list(actor(req)) }),
  );
  r.post(
    '/api/v1/reports/schedules',
    {
      ...change,
      schema: {
        tags,
        summary: 'Schedule a KPI report mailed as XLSX (daily, weekly or monthly, local time)',
        body: CreateReportScheduleBody,
        response: { 201: ReportSchedule },
      },
    },
    async (req, reply) => reply.status(201).send(await schedules.create(req.body, actor(req))),
  );
  r.get(
    '/api/v1/reports/schedules/:id',
    { ...view, schema: { tags, summary: 'One scheduled report', params: Params, response: { 200: ReportSchedule } } },
    async (req) => schedules.get(req.params.id, actor(req)),
  );
  r.patch(
    '/api/v1/reports/schedules/:id',
    {
      ...change,
      schema: {
        tags,
        summary: 'Change a scheduled report (a new cadence or zone counts the next run from now)',
        params: Params,
        body: UpdateReportScheduleBody,
        response: { 200: ReportSchedule },
      },
    },
    async (req) => schedules.update(req.params.id, req.body, actor(req)),
  );
  r.delete(
    '/api/v1/reports/schedules/:id',
    { ...change, schema: { tags, summary: 'Delete a scheduled report', params: Params } },
    async (req, reply) => {
      await schedules.remove(req.params.id, actor(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/reports/schedules/:id/run',
    {
      ...change,
      schema: {
        tags,
        summary: 'Send the report now, for the period before today (its timing is untouched)',
        params: Params,
        response: { 200: ReportRun },
      },
    },
    async (req) => schedules.runNow(req.params.id, actor(req)),
  );
}
