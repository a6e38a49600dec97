import { describe, expect, it } from 'vitest';
import { serializeMessage } from './message';
import { parseDatagram } from './parse';
import { SipParseError } from './sip.errors';
import { type StreamFrame, takeStreamMessage } from './stream';
import { invite } from './torture.fixtures';

/** Feeds `chunks` one by one into a connection buffer and collects the frames, like the TCP transport will. */
function feed(chunks: Buffer[]): StreamFrame[] {
  const frames: StreamFrame[] = [];
  let buf = Buffer.alloc(0);
  for (const chunk of chunks) {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const frame = takeStreamMessage(buf);
      if (frame.kind === 'incomplete') break;
      frames.push(frame);
      buf = buf.subarray(frame.consumed);
    }
  }
  return frames;
}

describe('TCP stream framing', () => {
  const one = invite({}, { body: 'v=0\r\n' });

  it('delivers a message only once its whole body has arrived, however the bytes are cut', () => {
    const bytes = Buffer.concat([one, one]);
    for (const cut of [1, 10, one.length - 1, one.length, one.length + 3]) {
      const frames = feed([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(frames.map((f) => f.kind)).toEqual(['message', 'message']);
    }
    const byteByByte = feed([...one].map((b) => Buffer.from([b])));
    expect(byteByByte).toHaveLength(1);
    expect(byteByByte[0]).toMatchObject({ kind: 'message', consumed: one.length });
  });

  it('answers a CRLF CRLF ping with a pong flag and skips a lone CRLF (RFC 5626 keep-alive)', () => {
    const frames = feed([Buffer.from('\r\n\r\n'), Buffer.from('\r\n'), one]);
    expect(frames.map((f) => (f.kind === 'keepalive' ? `keepalive:${f.pong}` : f.kind))).toEqual([
      'keepalive:true',
      'keepalive:false',
      'message',
    ]);
  });

  it('frames a malformed but well-delimited message as invalid so the connection goes on', () => {
    const bad = invite({ CSeq: '1 BYE' });
    const frames = feed([bad, one]);
    expect(frames[0]).toMatchObject({ kind: 'invalid', consumed: bad.length });
    expect(frames[0]!.kind === 'invalid' && frames[0]!.error.basis?.callId).toBe('base-call@192.0.2.9');
    expect(frames[1]?.kind).toBe('message');
  });

  it('gives up on a stream it cannot resynchronize: no Content-Length, conflicting ones, or too big', () => {
    expect(() => takeStreamMessage(invite({ 'Content-Length': null }))).toThrow(SipParseError);
    const twice = Buffer.from(one.toString().replace('Content-Length: 5', 'Content-Length: 5\r\nl: 6'));
    expect(() => takeStreamMessage(twice)).toThrow(/conflicting/);
    expect(() => takeStreamMessage(invite({ 'Content-Length': '70000' }))).toThrow(/bytes/);
    expect(() => takeStreamMessage(Buffer.alloc(70_000, 'a'))).toThrow(SipParseError);
  });

  it('reads what the serializer writes', () => {
    const msg = parseDatagram(one);
    expect(takeStreamMessage(serializeMessage(msg))).toMatchObject({ kind: 'message', message: msg });
  });
});
