import { describe, expect, it } from 'vitest';
import { ticketNumber } from './tickets.dto';

describe('ticket numbers', () => {
  it("read the hotline's day in Asia/Shanghai, whatever the server's zone", () => {
    expect(ticketNumber(new Date('2026-12-06T15:59:59Z'), 123)).toBe('GD20261206-000123');
    expect(ticketNumber(new Date('2026-12-06T16:00:00Z'), 124)).toBe('GD20261207-000124');
  });
  it('grow past six digits rather than wrap', () => {
    expect(ticketNumber(new Date('2026-12-06T00:00:00Z'), 1_234_567)).toBe('GD20261206-1234567');
  });
});
