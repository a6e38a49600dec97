import { randomBytes } from 'node:crypto';
import { namesFromList } from '../../platform/entity-names';
import { AppError } from '../../platform/errors';
import type { KefuModule, Platform } from '../../platform/module';
import type { RoutingService } from '../routing';
import { type CrmAdminService, createCrmAdminService } from './crm.admin';
import { createIdNumberCipher } from './crm.crypto';
import { seedDemoCustomers } from './crm.demo';
import { createExportService } from './crm.export';
import { createImportService, type ImportService } from './crm.import';
import { registerCrmImportRoutes } from './crm.import-routes';
import { createCrmRepo } from './crm.repo';
import { registerCrmRoutes } from './crm.routes';
import { type ContactReader, type CustomersService, createCustomersService } from './crm.service';
import { createTimelineService, type TimelineService } from './crm.timeline';

export type CrmSettings = {
  /**
   * The installation's data key (main.ts passes the recording key: KEFU_RECORDING_KEY or
   * `<dataDir>/recording.key`); ID numbers are encrypted under a key derived from it.
   */
  dataKey?: Buffer;
};

/** CRM (客户资料): customers, their identity checks, imports and the timeline read model. */
export function createCrmModule(
  p: Platform<CrmSettings>,
  { routing }: { routing: RoutingService },
): KefuModule<{
  customers: CustomersService;
  crmAdmin: CrmAdminService;
  crmTimeline: TimelineService;
  crmImport: ImportService;
}> {
  const { db, bus, audit, clock, ids, log, settings } = p;
  let dataKey = settings.dataKey;
  if (!dataKey) {
    // Tests and one-off CLI commands build the app without it; a server always passes it.
    log.warn('crm: no data key given; ID numbers written now cannot be read after a restart');
    dataKey = randomBytes(32);
  }
  const cipher = createIdNumberCipher(dataKey);
  const repo = createCrmRepo();
  const contacts: ContactReader = {
    async contactAddress(contactId, viewer) {
      // Routing decides whether this user may read the contact (its agent, a supervisor); the number
      // is read clear here only to match it, and the matches go back masked as the viewer may see them.
      const c = await routing.getContact(contactId, {
        userId: viewer.userId ?? '',
        permissions: new Set([...(viewer.permissions ?? []), 'pii.view']),
      });
      const callback = c.attributes.callbackNumber;
      return {
        phone: c.customer?.phone ?? (typeof callback === 'string' ? callback : undefined),
        email: c.customer?.email,
      };
    },
    activeContactIds(viewer) {
      if (!viewer.userId) return [];
      return routing
        .myContacts({ userId: viewer.userId, permissions: new Set(viewer.permissions ?? []) })
        .map((c) => c.id);
    },
  };
  const customers = createCustomersService({ contacts, db, repo, bus, audit, clock, ids, cipher });
  const crmAdmin = createCrmAdminService({ db, repo, bus, audit, clock, ids, contacts });
  // The timeline reads a finished chat, e-mail or SMS contact back from routing (as a system reader
  // allowed every contact, numbers in clear: they are matched, never shown from here).
  const system = { userId: '', permissions: new Set(['supervisor.monitor', 'pii.view']) };
  const crmTimeline = createTimelineService({
    db,
    repo,
    ids,
    log,
    bus,
    contacts: async (contactId) => {
      try {
        return await routing.getContact(contactId, system);
      } catch (err) {
        if (err instanceof AppError && err.code === 'ROUTING.CONTACT_NOT_FOUND') return undefined;
        throw err;
      }
    },
  });
  const crmImport = createImportService({ db, repo, bus, audit, clock, ids, cipher, log });
  const crmExport = createExportService({ db, repo, cipher, bus, audit });
  let unfollow: (() => void) | undefined;
  return {
    name: 'crm',
    services: { customers, crmAdmin, crmTimeline, crmImport },
    routes: async (app) => {
      registerCrmRoutes(app, { customers, crmAdmin, crmTimeline });
      await registerCrmImportRoutes(app, { crmImport, crmExport });
    },
    entityNames: {
      custom_field: namesFromList(crmAdmin.customFields, (f) => f.labelZh),
    },
    audiences: {
      'crm.customer.created': { permissions: ['customers.view'] },
      'crm.customer.updated': { permissions: ['customers.view'] },
      'crm.customer.merged': { permissions: ['customers.view'] },
    },
    start: () => {
      unfollow = crmTimeline.follow();
    },
    stop: () => unfollow?.(),
    seedDemo: (demo) => seedDemoCustomers({ customers }, demo),
  };
}
