/**
 * A real SIP phone for tests: baresip 1.0.0 (Debian's `baresip`/`baresip-core`), started with a
 * config of its own in a temp dir, its own SIP, RTP and control ports, and no audio hardware:
 *
 * - microphone: `aufile` plays `audioSource` (a WAV, S16LE; its rate and channels become
 *   `ausrc_srate`/`ausrc_channels`, which aufile insists on; `toneWav` writes one). aufile in 1.0.0
 *   plays the file once, and at its end the menu module HANGS UP the call ("audio error (0,end of
 *   file)", AUDIO_ERROR then CALL_CLOSED): the file's length bounds the call. Without
 *   `audioSource`, 300 s of silence are played.
 * - speaker: `aubridge,nil` (a bridge device nobody reads: a null sink). 1.0.0's aufile has no
 *   player side.
 * - what it hears: the `sndfile` audio filter writes, per call, `dump-<time>-dec.wav` (received,
 *   decoded) and `dump-<time>-enc.wav` (sent) into `recordDir` (`snd_path`).
 * - control: `ctrl_tcp` (netstring-framed JSON) on 127.0.0.1; `command('dial sip:…')`,
 *   `command('/hangup')`, `hold`, `resume`, `transfer <uri>` (blind REFER), `accept`, `sndcode <digit>`.
 *   Its events (REGISTERING, REGISTER_OK, REGISTER_FAIL, CALL_INCOMING, CALL_RINGING,
 *   CALL_ESTABLISHED, CALL_CLOSED, TRANSFER, AUDIO_ERROR, …) are collected in `events` and awaited
 *   with `waitFor`. With answermode=auto 1.0.0 emits no CALL_INCOMING: an incoming call shows as
 *   CALL_ESTABLISHED with direction 'incoming'. sndfile closes its WAVs when the call ends: read
 *   them after CALL_CLOSED.
 * - the account is created with `uanew` over ctrl_tcp after the control connection is up: from the
 *   accounts file baresip registers before it accepts the connection, and the event is lost.
 *
 * baresip 1.0.0 (libre 1.1.0) refuses a whole 401 as soon as one of its WWW-Authenticate headers is
 * not MD5 ("Register: Function not implemented", ENOSYS) — the order does not help. Kefu's default
 * digest (MD5 alone) suits it; a Kefu started with KEFU_SIP_DIGEST=SHA-256,MD5 does not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort, tcpPortFree, udpPortFree } from './ports';

export const BARESIP = '/usr/bin/baresip';
const MODULES = '/usr/lib/baresip/modules';
/** Without audioSource the phone plays this much silence (4.8 MB); its calls end after that. */
const DEFAULT_SILENCE_SECONDS = 300;

export type BaresipOptions = {
  /** Kefu's SIP address (the registrar and outbound proxy). */
  sipHost: string;
  sipPort: number;
  username: string;
  password: string;
  transport?: 'udp' | 'tcp';
  /** answermode=auto (default true): incoming calls are answered at once. */
  autoAnswer?: boolean;
  /** A WAV file (16-bit PCM) played as the microphone. */
  audioSource?: string;
  /** A directory where the sndfile module writes what the phone heard and sent, one pair per call. */
  recordDir?: string;
  /** REGISTER at start (default true); false for a phone that only dials or is dialled directly. */
  register?: boolean;
  /** Registration interval in seconds (default 60). */
  regint?: number;
  /** Extra config lines appended to baresip's `config`. */
  extraConfig?: string[];
};

/** One ctrl_tcp event, e.g. `{ type: 'CALL_ESTABLISHED', class: 'call', peeruri: 'sip:…', id: '…' }`. */
export type BaresipEvent = {
  type: string;
  class?: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  peerdisplayname?: string;
  id?: string;
  param?: string;
  [key: string]: unknown;
};

export type Baresip = {
  /** The phone's own SIP port (UDP and TCP on 127.0.0.1) and its address-of-record. */
  readonly sipPort: number;
  readonly ctrlPort: number;
  readonly aor: string;
  /** The phone's config dir (config, accounts, contacts). */
  readonly dir: string;
  /** Resolves on REGISTER_OK; rejects on REGISTER_FAIL (message carries e.g. "403 Forbidden") or exit. */
  registered: Promise<void>;
  /** Runs a ctrl_tcp command (`'dial sip:…'`, `'/hangup'`, …); resolves with its output, rejects if not ok. */
  command(cmd: string, timeoutMs?: number): Promise<string>;
  /** Every event so far, oldest first. */
  readonly events: BaresipEvent[];
  /** The first event of `type` (optionally matching `where`) not yet consumed by an earlier waitFor. */
  waitFor(type: string, timeoutMs?: number, where?: (e: BaresipEvent) => boolean): Promise<BaresipEvent>;
  /** WAV files sndfile wrote into recordDir: `received` (…-dec.wav) and `sent` (…-enc.wav), sorted. */
  recordings(): { received: string[]; sent: string[] };
  /** SIGTERM (SIGKILL after 3 s) and remove the temp dir. */
  stop(): Promise<void>;
  /** baresip's stdout and stderr so far (with -v). */
  logs(): string;
};

/**
 * A SIP port for baresip on 127.0.0.1: sip_listen opens UDP and TCP on it and TLS on the next
 * port (even without a certificate), so all three must be free.
 */
async function freeSipPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await freeTcpPort();
    if (port < 65_535 && (await udpPortFree(port)) && (await tcpPortFree(port + 1))) return port;
  }
  throw new Error('no free SIP port');
}

/** A random block of RTP ports; baresip tries random ports inside it until one binds. */
function rtpRange(): string {
  const base = 20_000 + 2 * Math.floor(Math.random() * 19_000);
  return `${base}-${base + 40}`;
}

/** Sample rate and channels from a WAV header (fmt chunk), to configure aufile's source. */
function wavFormat(file: Buffer): { rate: number; channels: number } {
  let off = 12;
  while (off + 8 <= file.length) {
    const id = file.toString('latin1', off, off + 4);
    const size = file.readUInt32LE(off + 4);
    if (id === 'fmt ') return { channels: file.readUInt16LE(off + 10), rate: file.readUInt32LE(off + 12) };
    off += 8 + size + (size & 1);
  }
  throw new Error('not a WAV file (no fmt chunk)');
}

/**
 * A mono 16-bit PCM WAV at 8 kHz: a sine of `hz` (0: silence) at `amplitude` (of 32767), for
 * `audioSource`. Remember that the call ends when the file does.
 */
export function toneWav(seconds: number, hz = 1000, amplitude = 8000, rate = 8000): Buffer {
  const samples = Math.round(rate * seconds);
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  if (hz > 0) {
    for (let i = 0; i < samples; i++) {
      b.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + 2 * i);
    }
  }
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(data, 40);
  return b;
}

/** Netstring framing ("<len>:<bytes>,") as ctrl_tcp speaks it. */
function netstringReader(onMessage: (text: string) => void) {
  let buf = Buffer.alloc(0);
  return (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const colon = buf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(buf.toString('latin1', 0, colon));
      if (!Number.isInteger(len)) throw new Error(`ctrl_tcp: bad netstring ${buf.toString('latin1', 0, 40)}`);
      if (buf.length < colon + 1 + len + 1) return;
      onMessage(buf.toString('utf8', colon + 1, colon + 1 + len));
      buf = buf.subarray(colon + 1 + len + 1);
    }
  };
}

type Launched = {
  child: ChildProcess;
  output: { text: string };
  exited: Promise<number | null>;
  socket: Socket;
  sipPort: number;
  ctrlPort: number;
};

/** Starts baresip on `dir` and connects to its ctrl_tcp; on failure kills it and returns its output. */
async function launch(dir: string, sipPort: number, ctrlPort: number): Promise<Launched | { output: string }> {
  const child: ChildProcess = spawn(BARESIP, ['-f', dir, '-v'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout?.on('data', (d) => {
    output.text += d;
  });
  child.stderr?.on('data', (d) => {
    output.text += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', (err) => {
    output.text += `\nspawn error: ${err.message}`;
  });
  // ctrl_tcp listens once baresip has loaded its modules: retry the connection for a while.
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && child.signalCode === null) {
    try {
      const socket = await new Promise<Socket>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: ctrlPort });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
      return { child, output, exited, socket, sipPort, ctrlPort };
    } catch {
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  await exited;
  return { output: output.text };
}

export async function startBaresip(o: BaresipOptions): Promise<Baresip> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-baresip-'));
  const transport = o.transport ?? 'udp';
  let source = o.audioSource;
  if (!source) {
    source = path.join(dir, 'silence.wav');
    writeFileSync(source, toneWav(DEFAULT_SILENCE_SECONDS, 0));
  }
  const fmt = wavFormat(readFileSync(source));
  if (o.recordDir) mkdirSync(o.recordDir, { recursive: true });

  const configLines = (sipPort: number, ctrlPort: number) => [
    'poll_method epoll',
    // Without net_interface baresip takes the default route's address for Via/Contact.
    'net_interface 127.0.0.1',
    `sip_listen 127.0.0.1:${sipPort}`,
    'call_local_timeout 120',
    'call_max_calls 4',
    `audio_source aufile,${source}`,
    'audio_player aubridge,nil',
    'audio_alert aubridge,nil',
    `ausrc_srate ${fmt.rate}`,
    `ausrc_channels ${fmt.channels}`,
    'auplay_srate 8000',
    'auplay_channels 1',
    'audio_buffer 20-160',
    `rtp_ports ${rtpRange()}`,
    'rtcp_mux no',
    'jitter_buffer_delay 5-10',
    `module_path ${MODULES}`,
    'module g711.so',
    'module aufile.so',
    'module aubridge.so',
    ...(o.recordDir ? ['module sndfile.so', `snd_path ${o.recordDir}`] : []),
    'module_tmp uuid.so',
    'module_tmp account.so',
    'module_app contact.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    ...(o.extraConfig ?? []),
  ];
  const aor = `sip:${o.username}@${o.sipHost}:${o.sipPort}`;
  const params = [
    `auth_pass=${o.password}`,
    `answermode=${o.autoAnswer === false ? 'manual' : 'auto'}`,
    `regint=${o.register === false ? 0 : (o.regint ?? 60)}`,
    'audio_codecs=PCMU,PCMA',
  ];
  const account = `<${aor};transport=${transport}>;${params.join(';')}`;
  // The account is created through ctrl_tcp once the control connection is up (below): from the
  // accounts file, baresip registers before it accepts the connection and the REGISTER_OK or
  // REGISTER_FAIL event is lost.
  writeFileSync(path.join(dir, 'accounts'), '');
  writeFileSync(path.join(dir, 'contacts'), '');

  const events: BaresipEvent[] = [];
  const consumed = new Set<BaresipEvent>();
  const eventWaiters = new Set<{ match: (e: BaresipEvent) => boolean; resolve: (e: BaresipEvent) => void }>();
  const pending = new Map<string, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  let nextToken = 1;

  let registeredResolve!: () => void;
  let registeredReject!: (e: Error) => void;
  const registered = new Promise<void>((resolve, reject) => {
    registeredResolve = resolve;
    registeredReject = reject;
  });
  registered.catch(() => {});

  const onEvent = (e: BaresipEvent) => {
    events.push(e);
    if (e.type === 'REGISTER_OK') registeredResolve();
    if (e.type === 'REGISTER_FAIL') registeredReject(new Error(`baresip REGISTER_FAIL: ${e.param ?? ''}`));
    for (const w of eventWaiters) {
      if (w.match(e)) {
        eventWaiters.delete(w);
        consumed.add(e);
        w.resolve(e);
        break;
      }
    }
  };

  // Ports are picked free but may be taken by someone else before baresip binds them: then it
  // exits with "Address already in use", and is started again on other ports.
  let launched: Launched | undefined;
  for (let attempt = 1; !launched; attempt++) {
    const sipPort = await freeSipPort();
    const ctrlPort = await freeTcpPort();
    writeFileSync(path.join(dir, 'config'), `${configLines(sipPort, ctrlPort).join('\n')}\n`);
    const r = await launch(dir, sipPort, ctrlPort);
    if ('socket' in r) launched = r;
    else if (attempt >= 3 || !/Address already in use/.test(r.output)) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`baresip's ctrl_tcp did not open on ${ctrlPort}:\n${r.output}`);
    }
  }
  const { child, output, exited, sipPort, ctrlPort } = launched;
  exited.then((code) => registeredReject(new Error(`baresip exited (${code}) before registering:\n${output.text}`)));
  const socket = launched.socket;
  socket.on('error', () => {});
  socket.on(
    'data',
    netstringReader((text) => {
      const msg = JSON.parse(text) as Record<string, unknown>;
      if (msg.event) onEvent(msg as unknown as BaresipEvent);
      else if (msg.response) {
        const token = String(msg.token ?? '');
        const p = pending.get(token);
        if (!p) return;
        pending.delete(token);
        const data = typeof msg.data === 'string' ? msg.data : '';
        if (msg.ok) p.resolve(data);
        else p.reject(new Error(`baresip command failed: ${data}`));
      }
    }),
  );

  const command = (cmd: string, timeoutMs = 5000) =>
    new Promise<string>((resolve, reject) => {
      const text = cmd.trim().replace(/^\//, '');
      const space = text.indexOf(' ');
      const name = space < 0 ? text : text.slice(0, space);
      const params = space < 0 ? '' : text.slice(space + 1).trim();
      const token = String(nextToken++);
      const timer = setTimeout(() => {
        pending.delete(token);
        reject(new Error(`baresip command '${cmd}' got no response in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(token, {
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      const json = JSON.stringify({ command: name, ...(params ? { params } : {}), token });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
    });

  try {
    await command('reginfo');
    await command(`uanew ${account}`);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`baresip: could not create the account: ${String(err)}\n${output.text}`);
  }

  const waitFor = (type: string, timeoutMs = 10_000, where?: (e: BaresipEvent) => boolean) => {
    const match = (e: BaresipEvent) => e.type === type && !consumed.has(e) && (!where || where(e));
    const seen = events.find(match);
    if (seen) {
      consumed.add(seen);
      return Promise.resolve(seen);
    }
    return new Promise<BaresipEvent>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (e: BaresipEvent) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        eventWaiters.delete(waiter);
        const seenTypes = events.map((e) => e.type).join(', ');
        reject(new Error(`baresip: no ${type} in ${timeoutMs} ms (events: ${seenTypes})\n${output.text.slice(-4000)}`));
      }, timeoutMs);
      eventWaiters.add(waiter);
    });
  };

  const recordings = () => {
    if (!o.recordDir) return { received: [], sent: [] };
    const files = readdirSync(o.recordDir)
      .filter((f) => f.startsWith('dump-') && f.endsWith('.wav'))
      .sort()
      .map((f) => path.join(o.recordDir!, f));
    return { received: files.filter((f) => f.endsWith('-dec.wav')), sent: files.filter((f) => f.endsWith('-enc.wav')) };
  };

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      socket.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  return {
    sipPort,
    ctrlPort,
    aor,
    dir,
    registered,
    command,
    events,
    waitFor,
    recordings,
    stop,
    logs: () => output.text,
  };
}
