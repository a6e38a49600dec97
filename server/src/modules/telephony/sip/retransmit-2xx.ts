/**
 * The UAS core's 2xx retransmission for an INVITE (RFC 3261 §13.3.1.4): the INVITE server
 * transaction ends with the 2xx, so the TU resends it at T1, 2·T1, … capped at T2 until the ACK
 * arrives, and gives up after 64·T1 (then the TU should end the session with a BYE). It runs on
 * every transport: a proxy between the phones may forward over UDP even when our hop is TCP.
 */
import type { SipResponse } from './message';
import {
  DEFAULT_TIMER_VALUES,
  type SipSend,
  type SipTarget,
  type TimerValues,
  type TransactionTimers,
} from './transaction-ports';

export type Retransmit2xxOptions = {
  response: SipResponse;
  target: SipTarget;
  send: SipSend;
  timers: TransactionTimers;
  values?: TimerValues;
  /** No ACK within 64·T1. */
  onTimeout(): void;
  /** The transport refused a retransmission; retransmitting stops. */
  onTransportError?(error: unknown): void;
};

export type Retransmit2xx = {
  /** The ACK for this 2xx arrived: stop. */
  ackReceived(): void;
  /** Stop without an ACK (e.g. the dialog ended). */
  stop(): void;
  readonly running: boolean;
};

/** Starts retransmitting; the caller has already sent the 2xx once (through the server transaction). */
export function retransmit2xxUntilAck(options: Retransmit2xxOptions): Retransmit2xx {
  const { t1, t2 } = options.values ?? DEFAULT_TIMER_VALUES;
  const { timers } = options;
  let running = true;
  let retransmit: unknown;
  let giveUp: unknown;

  const stop = () => {
    if (!running) return;
    running = false;
    timers.clearTimeout(retransmit);
    timers.clearTimeout(giveUp);
  };

  const schedule = (interval: number) => {
    retransmit = timers.setTimeout(() => {
      try {
        options.send(options.response, options.target);
      } catch (error) {
        stop();
        options.onTransportError?.(error);
        return;
      }
      schedule(Math.min(interval * 2, t2));
    }, interval);
  };

  schedule(t1);
  giveUp = timers.setTimeout(() => {
    stop();
    options.onTimeout();
  }, 64 * t1);

  return {
    ackReceived: stop,
    stop,
    get running() {
      return running;
    },
  };
}
