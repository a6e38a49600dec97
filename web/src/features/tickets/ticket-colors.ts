import type { Ticket } from '../../../../contracts/tickets';

export const STATUS_COLORS: Record<Ticket['status'], string> = {
  new: 'blue',
  assigned: 'geekblue',
  in_progress: 'processing',
  pending_customer: 'gold',
  pending_internal: 'purple',
  resolved: 'green',
  closed: 'default',
  cancelled: 'default',
};
export const PRIORITY_COLORS: Record<Ticket['priority'], string> = {
  P1: 'red',
  P2: 'orange',
  P3: 'blue',
  P4: 'default',
};
