import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  CreateCustomerBody,
  CreateCustomFieldBody,
  CrmSettings,
  Customer,
  CustomerPage,
  CustomerQuery,
  CustomerReadQuery,
  CustomField,
  LookupQuery,
  LookupReply,
  MergeBody,
  TimelinePage,
  TimelineQuery,
  UpdateCustomerBody,
  UpdateCustomFieldBody,
  Verification,
  VerificationBody,
} from '../../../../contracts/crm';
import { actorOf } from '../../platform/guard';
import type { CrmAdminService } from './crm.admin';
import type { CustomersService } from './crm.service';
import type { TimelineService } from './crm.timeline';

export function registerCrmRoutes(
  app: FastifyInstance,
  deps: { customers: CustomersService; crmAdmin: CrmAdminService; crmTimeline: TimelineService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['crm'];
  const view = { permission: 'customers.view' as const };
  const manage = { permission: 'customers.manage' as const };
  const admin = { permission: 'customers.configure' as const };
  // Every customer read and reply (changes and merges too: every agent holds customers.manage) masks
  // the fields hidden until verified for readers who need a verified caller.
  const hiddenUntilVerified = async () => (await deps.crmAdmin.settings()).hiddenUntilVerified;

  r.get(
    '/api/v1/customers',
    {
      config: view,
      schema: {
        tags,
        summary:
          'Search customers: by phone (any spelling), e-mail, tag, exact ID number, or q (name, account, phone digits)',
        querystring: CustomerQuery,
        response: { 200: CustomerPage },
      },
    },
    async (req) => deps.customers.list(req.query, actorOf(req), await hiddenUntilVerified()),
  );
  r.get(
    '/api/v1/customers/lookup',
    {
      config: view,
      schema: {
        tags,
        summary: 'Screen pop: the customers of a phone number or an e-mail (0, 1 or several)',
        querystring: LookupQuery,
        response: { 200: LookupReply },
      },
    },
    async (req) => ({
      // With a contact: the desktop read; by number or e-mail: the 360 rule (crm.service `views`).
      matches: await deps.customers.lookup(req.query, actorOf(req), await hiddenUntilVerified()),
    }),
  );
  r.post(
    '/api/v1/customers',
    {
      config: manage,
      schema: { tags, summary: 'Create a customer', body: CreateCustomerBody, response: { 201: Customer } },
    },
    async (req, reply) =>
      reply.status(201).send(await deps.customers.create(req.body, actorOf(req), await hiddenUntilVerified())),
  );
  r.get(
    '/api/v1/customers/:id',
    {
      config: view,
      schema: {
        tags,
        summary:
          'One customer (a merged one answers with `mergedInto` set). With contactId: whether that caller was ' +
          'verified, and the fields hidden until then masked',
        params: IdParams,
        querystring: CustomerReadQuery,
        response: { 200: Customer },
      },
    },
    async (req) => {
      // Hidden until verified everywhere: on the desktop's contact, and on the 360 page for readers
      // who need a verified caller (crm.service `seesUnverified`).
      return deps.customers.get(req.params.id, actorOf(req), {
        contactId: req.query.contactId,
        hidden: await hiddenUntilVerified(),
      });
    },
  );
  r.patch(
    '/api/v1/customers/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a customer',
        params: IdParams,
        body: UpdateCustomerBody,
        response: { 200: Customer },
      },
    },
    async (req) => deps.customers.update(req.params.id, req.body, actorOf(req), await hiddenUntilVerified()),
  );
  r.delete(
    '/api/v1/customers/:id',
    // Erasure is an administrator's act (customers.configure), not every agent's: it cannot be undone.
    {
      config: { permission: 'customers.configure' as const },
      schema: { tags, summary: 'Delete a customer, its history and the duplicates merged into it', params: IdParams },
    },
    async (req, reply) => {
      await deps.customers.remove(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/customers/:id/merge',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Merge duplicates into this customer (their phones, e-mails, notes and history are kept)',
        params: IdParams,
        body: MergeBody,
        response: { 200: Customer },
      },
    },
    async (req) => deps.customers.merge(req.params.id, req.body.from, actorOf(req), await hiddenUntilVerified()),
  );
  r.post(
    '/api/v1/customers/:id/verifications',
    {
      config: manage,
      schema: {
        tags,
        summary: "Record an identity check of the customer's caller",
        params: IdParams,
        body: VerificationBody,
        response: { 201: Verification },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.crmAdmin.verify(req.params.id, req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/customers/:id/timeline',
    {
      config: view,
      schema: {
        tags,
        summary: "The customer's history (calls, notes, later tickets), newest first",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelinePage },
      },
    },
    async (req) => {
      const page = await deps.crmTimeline.list(req.params.id, req.query);
      // Notes hidden until verified are hidden here too: the entry stays, its text does not.
      const hidden = await deps.customers.hiddenFieldsFor(req.params.id, actorOf(req), await hiddenUntilVerified());
      if (!hidden.includes('notes')) return page;
      return {
        ...page,
        items: page.items.map((e) => (e.kind === 'note' ? { ...e, summary: { hidden: true } } : e)),
      };
    },
  );

  // Administration: custom fields and what stays hidden until verified.
  r.get(
    '/api/v1/crm/custom-fields',
    { config: view, schema: { tags, summary: 'Custom fields of customers', response: { 200: z.array(CustomField) } } },
    async () => deps.crmAdmin.customFields(),
  );
  r.post(
    '/api/v1/crm/custom-fields',
    {
      config: admin,
      schema: { tags, summary: 'Define a custom field', body: CreateCustomFieldBody, response: { 201: CustomField } },
    },
    async (req, reply) => reply.status(201).send(await deps.crmAdmin.createCustomField(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/crm/custom-fields/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: "Change a custom field's labels, options or whether it is required",
        params: IdParams,
        body: UpdateCustomFieldBody,
        response: { 200: CustomField },
      },
    },
    async (req) => deps.crmAdmin.updateCustomField(req.params.id, req.body, actorOf(req)),
  );
  r.delete(
    '/api/v1/crm/custom-fields/:id',
    { config: admin, schema: { tags, summary: 'Delete a custom field', params: IdParams } },
    async (req, reply) => {
      await deps.crmAdmin.deleteCustomField(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/crm/settings',
    { config: view, schema: { tags, summary: 'CRM settings', response: { 200: CrmSettings } } },
    async () => deps.crmAdmin.settings(),
  );
  r.put(
    '/api/v1/crm/settings',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Which fields the desktop shows masked until the caller is verified',
        body: CrmSettings,
        response: { 200: CrmSettings },
      },
    },
    async (req) => deps.crmAdmin.updateSettings(req.body, actorOf(req)),
  );
}
