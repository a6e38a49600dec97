/**
 * Messages on the WebSocket at /api/v1/realtime. `seq` rises by one per message on a socket: a
 * client that sees a gap resyncs over HTTP.
 */
export type RealtimeMessage =
  | { type: 'hello'; seq: number; userId: string }
  | { type: 'event'; seq: number; name: string; at: string; payload: unknown }
  | { type: 'session_ended'; seq: number; reason: 'logout' | 'expired' | 'locked' | 'disabled' };
