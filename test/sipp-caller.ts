/**
 * A caller for voice tests: sipp (Debian `sip-tester`) running a UAC scenario built per test: it
 * dials a number with PCMA/PCMU and RFC 4733 telephone-event, plays DTMF from sipp's own pcap files
 * (/usr/share/sip-tester/dtmf_2833_<d>.pcap; pcap play needs root or cap_net_raw) and speech from
 * g711a.pcap, then either hangs up itself or waits for Kefu's BYE.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeSipp, SIPP_PCAPS, startSipp } from './sipp';

export type CallerStep =
  | { pause: number }
  | { digit: string }
  /** sipp's sample speech (PCMA), about 8 s; plays in the background while later steps run. */
  | { speech: true }
  /**
   * A pause of at most this long that the test ends as soon as what it waits for has happened
   * (`endPause()` of startCaller): a caller that hangs up then, not at a guessed time. Kefu sees the
   * same silence either way; only sipp learns, from a SIP INFO the test sends to it, that it may go on.
   */
  | { pauseAtMost: number };

export type CallerOptions = {
  target: { host: string; port: number };
  number: string;
  caller?: string;
  steps: CallerStep[];
  /** `caller`: sipp sends BYE after the steps; `kefu`: sipp waits for Kefu's BYE and answers 200. */
  hangup: 'caller' | 'kefu';
  timeoutMs?: number;
};

export type CallerResult = { code: number | null; output: string };

const pcapOf = (digit: string) => {
  const name = digit === '#' ? 'pound' : digit === '*' ? 'star' : digit;
  return path.join(SIPP_PCAPS, `dtmf_2833_${name}.pcap`);
};

export function callerScenario(o: Pick<CallerOptions, 'number' | 'caller' | 'steps' | 'hangup'>): string {
  const caller = o.caller ?? '13800138000';
  const party = `From: "${caller}" <sip:${caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]`;
  const to = `To: <sip:${o.number}@[remote_ip]:[remote_port]>`;
  const head = (
    method: string,
    cseq: number,
    withPeerTag: boolean,
  ) => `${method} sip:${o.number}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${party}
      ${to}${withPeerTag ? '[peer_tag_param]' : ''}
      Call-ID: [call_id]
      CSeq: ${cseq} ${method}
      Contact: sip:${caller}@[local_ip]:[local_port]
      Max-Forwards: 70`;
  const steps = o.steps
    .map((s, i) => {
      if ('pause' in s) return `  <pause milliseconds="${s.pause}"/>`;
      // An INFO ends it (nothing answers it: a response would go to Kefu, sipp's only peer); the
      // timeout goes on as a plain pause would.
      if ('pauseAtMost' in s)
        return `  <recv request="INFO" timeout="${s.pauseAtMost}" ontimeout="pause-${i}-over"/>\n  <label id="pause-${i}-over"/>`;
      if ('digit' in s)
        return `  <nop><action><exec play_pcap_audio="${pcapOf(s.digit)}"/></action></nop>\n  <pause milliseconds="300"/>`;
      return `  <nop><action><exec play_pcap_audio="${path.join(SIPP_PCAPS, 'g711a.pcap')}"/></action></nop>`;
    })
    .join('\n');
  const end =
    o.hangup === 'caller'
      ? `  <send retrans="500"><![CDATA[
      ${head('BYE', 2, true)}
      Content-Length: 0
    ]]></send>
  <recv response="200" crlf="true"/>`
      : `  <recv request="BYE"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]></send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="kefu caller">
  <send retrans="500"><![CDATA[
      ${head('INVITE', 1, false)}
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8 0 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
      ${head('ACK', 1, true)}
      Content-Length: 0
    ]]></send>
${steps}
${end}
</scenario>
`;
}

/** Runs one call; resolves when sipp exits (code 0: the scenario completed). */
export function runCaller(o: CallerOptions): Promise<CallerResult> {
  return startCaller(o).done;
}

export type Caller = {
  done: Promise<CallerResult>;
  /**
   * Ends the call's `pauseAtMost` step now. Only while the call is in it: sipp takes the INFO for an
   * unexpected message anywhere else, and the call fails.
   */
  endPause(): Promise<void>;
};

/** Starts a call without waiting (tests act while it runs); `done` resolves like runCaller. */
export function startCaller(o: CallerOptions): Caller {
  // A Call-ID of our own (-cid_str, one call per sipp): the INFO of endPause() must name it.
  const callId = `kefu-caller-${randomBytes(8).toString('hex')}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-caller-'));
  const file = path.join(dir, 'caller.xml');
  writeFileSync(file, callerScenario(o));
  const sipp = startSipp({
    scenario: file,
    target: `${o.target.host}:${o.target.port}`,
    calls: 1,
    limit: 1,
    timeoutMs: o.timeoutMs ?? 60_000,
    extraArgs: ['-mi', '127.0.0.1', '-cid_str', callId],
  });
  const done = sipp
    .then((p) => p.result)
    .then((r) => ({ code: r.code, output: describeSipp(r).slice(-4000) }))
    .finally(() => rmSync(dir, { recursive: true, force: true }));
  return {
    done,
    async endPause() {
      const { localPort } = await sipp;
      await sendInfo(localPort, callId);
    },
  };
}

/** One SIP INFO in the call `callId` to the sipp listening on 127.0.0.1:port (sent once: loopback). */
function sendInfo(port: number, callId: string): Promise<void> {
  const message = [
    `INFO sip:caller@127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${randomBytes(6).toString('hex')}`,
    `From: <sip:test@127.0.0.1>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:caller@127.0.0.1:${port}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INFO',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.send(message, port, '127.0.0.1', (err) => {
      socket.close();
      if (err) reject(err);
      else resolve();
    });
  });
}
