import type { TicketType } from '../../../../contracts/tickets';
import { TICKET_LABELS } from '../../../../contracts/tickets-labels';
import type { Envelope, EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { CustomersService } from '../crm';
import { type CustomerNotifier, type CustomerTemplateKey, customerLanguage } from '../notifications';
import type { TicketsAdmin } from './tickets.admin';
import type { TicketSnapshot } from './tickets.events';
import type { TicketsRepo } from './tickets.repo';

/** What the history keeps of a failed send: `timeout`, `sms_refused`, `email_refused` — never the gateway's text. */
export function failureCode(channel: string, error: string): string {
  return /time ?out|timed out|ETIMEDOUT/i.test(error) ? 'timeout' : `${channel}_refused`;
}

type CrmCustomer = NonNullable<Awaited<ReturnType<CustomersService['find']>>>;

/** One message on one channel: the customer's preferred one when they have that contact, else the other. */
export function noticeChannel(
  c: Pick<CrmCustomer, 'preferredChannel' | 'emails' | 'phones'> | undefined,
  fallbackPhone: string | null,
): { channel: 'email'; email: string } | { channel: 'sms'; phone: string } | undefined {
  const email = c?.emails[0];
  const phone = c?.phones[0]?.e164 ?? fallbackPhone ?? undefined;
  if (c?.preferredChannel === 'email' && email) return { channel: 'email', email };
  if (phone) return { channel: 'sms', phone };
  if (email) return { channel: 'email', email };
  return undefined;
}

/**
 * Customer notices (docs/notifications.md, "To customers"): the order's receipt with its number
 * (受理回执), its resolution and its closing, sent through the notifications module in the customer's
 * language for the types the settings name. Each send, or failure, is a `notified` entry in the
 * order's history; that entry also makes a redelivered event send nothing twice.
 */
export function createCustomerNotices(deps: {
  db: Database;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  repo: TicketsRepo;
  admin: Pick<TicketsAdmin, 'settings'>;
  customers: Pick<CustomersService, 'find'>;
  customerNotifier: Pick<CustomerNotifier, 'notify'>;
}) {
  const { db, repo } = deps;

  async function customerOf(id: string | null): Promise<CrmCustomer | undefined> {
    let c = id ? await deps.customers.find(id) : undefined;
    for (let hops = 0; c?.mergedInto && hops < 5; hops++) c = await deps.customers.find(c.mergedInto);
    return c;
  }

  async function send(key: CustomerTemplateKey, p: TicketSnapshot, env: Pick<Envelope, 'id'>): Promise<void> {
    const { customerNotices } = await deps.admin.settings();
    if (!customerNotices[p.type as TicketType]) return;
    if (await repo.noticeRecorded(db, p.ticketId, env.id)) return;
    const t = await repo.find(db, p.ticketId);
    if (!t) return;
    const c = await customerOf(t.customerId);
    const to = noticeChannel(c, t.customerPhone);
    if (!to) return;
    const language = customerLanguage(c?.preferredLanguage);
    const [out] = await deps.customerNotifier.notify(
      {
        email: to.channel === 'email' ? to.email : null,
        phone: to.channel === 'sms' ? to.phone : null,
        language,
      },
      key,
      {
        ticketNumber: t.number,
        // The order's type in words, not its subject: agents write subjects for colleagues, not customers.
        title: TICKET_LABELS[language].type[t.type as TicketType],
        customerName: c?.name ?? (language === 'zh-CN' ? '客户' : 'customer'),
      },
      [to.channel],
    );
    if (!out) return;
    if (!out.ok) deps.log.warn({ ticketId: t.id, channel: out.channel, error: out.error }, 'customer notice refused');
    await repo.insertEvents(db, [
      {
        id: deps.ids.next(),
        ticketId: t.id,
        at: deps.clock.now(),
        actorUserId: null,
        actorName: null,
        kind: 'notified',
        field: key,
        before: null,
        // The channel and outcome, never the address (the history is read by more people than PII is).
        after: {
          channel: out.channel,
          ok: out.ok,
          language,
          sourceEventId: env.id,
          // A coarse reason only: gateways echo the number or address in their errors (logged below).
          ...(out.ok ? {} : { error: failureCode(out.channel, out.error) }),
        },
      },
    ]);
  }

  const guarded =
    <E extends Envelope<'tickets.ticket.created'> | Envelope<'tickets.ticket.transitioned'>>(
      fn: (e: E) => Promise<void>,
    ) =>
    async (e: E) => {
      try {
        await fn(e);
      } catch (err) {
        // A message that cannot be sent (a template, the database) never fails the order's other readers.
        deps.log.error({ err, event: e.name, id: e.id }, 'customer notice failed');
      }
    };

  return {
    /** Subscribes to the orders' own events; returns the unsubscribe. */
    follow(): () => void {
      const offs = [
        deps.bus.subscribe(
          'tickets.ticket.created',
          guarded((e) => send('ticket.created', e.payload, e)),
        ),
        deps.bus.subscribe(
          'tickets.ticket.transitioned',
          guarded(async (e) => {
            if (e.payload.quietCustomer) return;
            if (e.payload.to === 'resolved') await send('ticket.resolved', e.payload, e);
            else if (e.payload.to === 'closed') await send('ticket.closed', e.payload, e);
          }),
        ),
      ];
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
