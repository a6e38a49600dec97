import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestApp, type TestApp } from '../../../../../test/app';

const MAX = 64 * 1024;
let t: TestApp;
let dir: string;
let admin: string;
let agent: string;
let otherAgent: string;
let qa: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-attachments-'));
  t = await createTestApp({ ticketAttachments: { dir, maxBytes: MAX, maxPerTicket: 3 } });
  admin = await t.adminToken();
  await t.addUser('att.agent', ['agent'], { password: 'Agent-pass-1' });
  await t.addUser('att.other', ['agent'], { password: 'Agent-pass-1' });
  await t.addUser('att.qa', ['qa'], { password: 'Agent-pass-1' });
  agent = await t.login('att.agent', 'Agent-pass-1');
  otherAgent = await t.login('att.other', 'Agent-pass-1');
  qa = await t.login('att.qa', 'Agent-pass-1');
});
afterAll(async () => {
  await t.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
/** The start of a Windows executable (MZ header): what a "photo.png" must not be. */
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800', 'hex'), Buffer.alloc(200, 0)]);

async function ticket(token = agent): Promise<string> {
  const res = await t.request('POST', '/api/v1/tickets', { token, body: { type: 'fault', subject: '宽带故障照片' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

function upload(id: string, name: string, payload: Buffer | Readable, token = agent) {
  return t.kefu.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${id}/attachments?name=${encodeURIComponent(name)}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    payload,
  });
}

/** Every file under the attachment folder (temp files included). */
async function filesOnDisk(): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('uploading attachments', () => {
  it('keeps a PNG, a PDF, UTF-8 text and an XLSX with the type the bytes have, the name given its extension', async () => {
    const id = await ticket();
    const png = await upload(id, '现场照片.png', PNG);
    // Only the file itself is an upload: a JSON body is not.
    const json = await t.request('POST', `/api/v1/tickets/${id}/attachments?name=a.json`, {
      token: agent,
      body: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({
      ticketId: id,
      fileName: '现场照片.png',
      contentType: 'image/png',
      size: PNG.length,
      sha256: sha(PNG),
      uploadedByName: 'att.agent',
    });
    const pdf = await upload(id, 'contract.txt', PDF);
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toMatchObject({ contentType: 'application/pdf', fileName: 'contract.txt.pdf' });
    const text = Buffer.from('客户反映：信号差，已重启光猫。\nline 2\n');
    const txt = await upload(id, '说明.txt', text);
    expect(txt.statusCode, txt.body).toBe(201);
    expect(txt.json().contentType).toBe('text/plain; charset=utf-8');

    const other = await ticket();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('话单').addRow(['日期', '金额']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const sheet = await upload(other, '话单.xlsx', xlsx);
    expect(sheet.statusCode, sheet.body).toBe(201);
    expect(sheet.json().contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const csv = await upload(other, 'numbers.csv', Buffer.from('phone,name\n13800138000,王\n'));
    expect(csv.json().contentType).toBe('text/csv; charset=utf-8');
    const log = await upload(other, 'modem.log', Buffer.from('12:00 link down\n'));
    expect(log.json()).toMatchObject({ contentType: 'text/plain; charset=utf-8', fileName: 'modem.log' });

    const list = await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: otherAgent });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((a: { fileName: string }) => a.fileName)).toEqual([
      '现场照片.png',
      'contract.txt.pdf',
      '说明.txt',
    ]);
    // Stored under <yyyy>/<mm>/<id>, nothing left in the temp folder.
    const files = await filesOnDisk();
    expect(files).toContain(
      path.join(dir, png.json().createdAt.slice(0, 4), png.json().createdAt.slice(5, 7), png.json().id),
    );
    expect(files.filter((f) => path.relative(dir, f).startsWith(`tmp${path.sep}`))).toEqual([]);
  });

  it('refuses an executable renamed .png, binary junk and UTF-16 text with 415, keeping nothing', async () => {
    const id = await ticket();
    const before = await filesOnDisk();
    const exe = await upload(id, 'photo.png', EXE);
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({
      code: 'TICKETS.ATTACHMENT_TYPE',
      details: { detected: 'application/x-msdownload' },
    });
    const junk = await upload(id, 'data.txt', Buffer.from([0x41, 0x00, 0x42, 0xff, 0xfe, 0x00]));
    expect(junk.statusCode).toBe(415);
    const utf16 = await upload(id, 'notes.txt', Buffer.from('\ufeff你好', 'utf16le'));
    expect(utf16.statusCode).toBe(415);
    expect(utf16.json().error.code).toBe('TICKETS.ATTACHMENT_TYPE');
    expect((await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: agent })).json()).toEqual([]);
    expect(await filesOnDisk()).toEqual(before);
    // Text is taken only as .txt, .csv or .log: under any other name it is a script or a page.
    for (const name of ['run.bat', 'run.cmd', 'app.js', 'x.vbs', 'x.hta', 'x.ps1', 'page.html', 'logo.svg']) {
      const res = await upload(id, name, Buffer.from('echo hi\n'));
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error, name).toMatchObject({
        code: 'TICKETS.ATTACHMENT_TYPE',
        details: { detected: 'text/plain' },
      });
    }
    expect(await filesOnDisk()).toEqual(before);
    const empty = await upload(id, 'empty.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('TICKETS.ATTACHMENT_EMPTY');
  });

  it('refuses a file over the limit with 413, announced or streamed, leaving nothing on disk', async () => {
    const id = await ticket();
    const before = await filesOnDisk();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX, 0x20)]);
    const announced = await upload(id, 'big.png', big);
    expect(announced.statusCode).toBe(413);
    expect(announced.json().error).toMatchObject({ code: 'TICKETS.ATTACHMENT_TOO_LARGE', details: { maxBytes: MAX } });
    // No Content-Length: counted while it arrives, the partial temp file removed.
    const streamed = await upload(id, 'big.txt', Readable.from([big.subarray(0, MAX / 2), big.subarray(MAX / 2)]));
    expect(streamed.statusCode, streamed.body).toBe(413);
    expect(streamed.json().error.code).toBe('TICKETS.ATTACHMENT_TOO_LARGE');
    expect(await filesOnDisk()).toEqual(before);
    const exact = await upload(id, 'exact.txt', Buffer.alloc(MAX, 0x61));
    expect(exact.statusCode, exact.body).toBe(201);
  });

  it('stops reading a chunked body that never ends: 413, connection closed, not drained', async () => {
    const id = await ticket();
    const before = await filesOnDisk();
    await t.kefu.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.kefu.app.server.address() as net.AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let response = '';
    let open = true;
    socket.on('data', (d: Buffer) => {
      response += d.toString('latin1');
    });
    socket.on('error', () => {}); // a reset after the reply is what a cut-off upload may see
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        open = false;
        resolve();
      }),
    );
    socket.write(
      `POST /api/v1/tickets/${id}/attachments?name=huge.txt HTTP/1.1\r\nHost: kefu\r\n` +
        `Authorization: Bearer ${agent}\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    // 64 KiB chunks for as long as the server takes them, up to 1 GiB: drained, this would all be read
    // (and the body never ends, so the request would hang); cut off, the server closes long before.
    const CAP = 1024 * 1024 * 1024;
    const data = Buffer.alloc(64 * 1024, 0x61);
    const chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    const started = Date.now();
    let written = 0;
    while (open && written < CAP) {
      written += data.length;
      if (!socket.write(chunk)) {
        await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
      }
    }
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    expect(open).toBe(false);
    expect(written).toBeLessThan(CAP);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(response).toContain('TICKETS.ATTACHMENT_TOO_LARGE');
    expect(await filesOnDisk()).toEqual(before);
  });

  it('takes at most the configured number of files an order', async () => {
    const id = await ticket();
    for (const n of [1, 2, 3]) expect((await upload(id, `p${n}.png`, PNG)).statusCode).toBe(201);
    const fourth = await upload(id, 'p4.png', PNG);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toMatchObject({ code: 'TICKETS.ATTACHMENT_LIMIT', details: { max: 3 } });
  });
});

describe('downloading', () => {
  it('gives back the same bytes with the sniffed type, a UTF-8 file name and nosniff', async () => {
    const id = await ticket();
    const png = (await upload(id, '现场 照片(1).png', PNG)).json();
    const res = await t.request('GET', `/api/v1/tickets/${id}/attachments/${png.id}`, { token: otherAgent });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="__ __(1).png"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%281%29.png`,
    );
    const forced = await t.request('GET', `/api/v1/tickets/${id}/attachments/${png.id}?download=1`, { token: agent });
    expect(forced.headers['content-disposition']).toMatch(/^attachment;/);

    // A .txt that is really HTML is served as plain text, as a download, sandboxed.
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const page = (await upload(id, 'page.txt', html)).json();
    expect(page.contentType).toBe('text/plain; charset=utf-8');
    const got = await t.request('GET', `/api/v1/tickets/${id}/attachments/${page.id}`, { token: agent });
    expect(got.rawPayload.equals(html)).toBe(true);
    expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="page.txt"/);
    expect(got.headers['content-security-policy']).toContain('sandbox');
  });

  it("stores and serves a sniffed file under its type's extension, without bidirectional or control characters", async () => {
    const id = await ticket();
    // A PNG named .html keeps the name it was given, with .png after it: it never saves as a page.
    const disguised = await upload(id, 'x.html', PNG);
    expect(disguised.statusCode, disguised.body).toBe(201);
    expect(disguised.json()).toMatchObject({ fileName: 'x.html.png', contentType: 'image/png' });
    const served = await t.request('GET', `/api/v1/tickets/${id}/attachments/${disguised.json().id}`, { token: agent });
    expect(served.headers['content-disposition']).toBe(`inline; filename="x.html.png"; filename*=UTF-8''x.html.png`);
    // "invoice<RLO>fdp.exe" would read as "invoiceexe.pdf"; the override and a C1 control go.
    const bidi = await upload(id, 'invoice\u202efdp\u0085.exe', PDF);
    expect(bidi.statusCode, bidi.body).toBe(201);
    expect(bidi.json().fileName).toBe('invoicefdp.exe.pdf');
    const list = await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: agent });
    expect(list.json().map((a: { fileName: string }) => a.fileName)).toEqual(['x.html.png', 'invoicefdp.exe.pdf']);
    const history = (await t.request('GET', `/api/v1/tickets/${id}/history`, { token: agent })).json() as Array<{
      kind: string;
      after: { fileName?: string } | null;
    }>;
    expect(history.filter((e) => e.kind === 'attached').map((e) => e.after?.fileName)).toEqual([
      'x.html.png',
      'invoicefdp.exe.pdf',
    ]);
  });

  it('is refused to whom may not see work orders, and to whom may not work this one for uploads', async () => {
    const id = await ticket();
    const png = (await upload(id, 'a.png', PNG)).json();
    expect((await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: qa })).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/tickets/${id}/attachments/${png.id}`, { token: qa })).statusCode).toBe(403);
    const before = await filesOnDisk();
    const foreign = await upload(id, 'b.png', PNG, otherAgent);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('TICKETS.NOT_YOURS');
    expect(await filesOnDisk()).toEqual(before);
    // Another order's attachment id is not found through this order.
    const other = await ticket();
    const res = await t.request('GET', `/api/v1/tickets/${other}/attachments/${png.id}`, { token: agent });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('TICKETS.ATTACHMENT_NOT_FOUND');
    const missing = await t.request('GET', `/api/v1/tickets/00000000-0000-4000-8000-000000000000/attachments`, {
      token: agent,
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('history, events and removal', () => {
  it('records uploads and removals in the history, the outbox and the audit log; removal is soft', async () => {
    const id = await ticket();
    const png = (await upload(id, '票据.png', PNG)).json();
    const url = `/api/v1/tickets/${id}/attachments/${png.id}`;
    const notMine = await t.request('DELETE', url, { token: otherAgent });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error.code).toBe('TICKETS.ATTACHMENT_NOT_YOURS');
    // A work-order manager (the administrator) removes anyone's.
    expect((await t.request('DELETE', url, { token: admin })).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: agent })).json()).toEqual([]);
    expect((await t.request('GET', url, { token: agent })).statusCode).toBe(404);
    expect((await t.request('DELETE', url, { token: admin })).statusCode).toBe(404);
    // The bytes stay for the record.
    expect(await filesOnDisk()).toContain(path.join(dir, png.createdAt.slice(0, 4), png.createdAt.slice(5, 7), png.id));

    const history = (await t.request('GET', `/api/v1/tickets/${id}/history`, { token: agent })).json() as Array<{
      kind: string;
      actorName: string;
      before: unknown;
      after: unknown;
    }>;
    expect(history.filter((e) => e.kind === 'attached' || e.kind === 'detached')).toEqual([
      expect.objectContaining({
        kind: 'attached',
        actorName: 'att.agent',
        after: expect.objectContaining({ fileName: '票据.png' }),
      }),
      expect.objectContaining({
        kind: 'detached',
        actorName: 'admin',
        before: expect.objectContaining({ fileName: '票据.png' }),
      }),
    ]);
    const outbox = await t.handle.pool.query(
      `select name, payload from outbox where name like 'tickets.ticket.attachment_%' and payload->>'ticketId' = $1 order by id`,
      [id],
    );
    expect(outbox.rows.map((r) => [r.name, r.payload.fileName, r.payload.contentType])).toEqual([
      ['tickets.ticket.attachment_added', '票据.png', 'image/png'],
      ['tickets.ticket.attachment_deleted', '票据.png', 'image/png'],
    ]);
    const audit = await t.request('GET', '/api/v1/audit?action=tickets.attachment.deleted', { token: admin });
    expect(audit.json().items).toEqual([
      expect.objectContaining({ entityType: 'ticket_attachment', entityId: png.id }),
    ]);
  });

  it('the uploader removes their own', async () => {
    const id = await ticket();
    const png = (await upload(id, 'mine.png', PNG)).json();
    expect(
      (await t.request('DELETE', `/api/v1/tickets/${id}/attachments/${png.id}`, { token: agent })).statusCode,
    ).toBe(204);
  });

  it('the uploader removes their own only while they may still work the order', async () => {
    const me = (await t.request('GET', '/api/v1/users/me', { token: agent })).json().user.id;
    const other = (await t.request('GET', '/api/v1/users/me', { token: otherAgent })).json().user.id;
    const created = await t.request('POST', '/api/v1/tickets', {
      token: admin,
      body: { type: 'fault', subject: '转派工单', assigneeUserId: me },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const png = (await upload(id, 'before-handover.png', PNG)).json();
    expect(png.fileName).toBe('before-handover.png');
    const moved = await t.request('PATCH', `/api/v1/tickets/${id}`, { token: admin, body: { assigneeUserId: other } });
    expect(moved.statusCode, moved.body).toBe(200);
    const url = `/api/v1/tickets/${id}/attachments/${png.id}`;
    const refused = await t.request('DELETE', url, { token: agent });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('TICKETS.NOT_YOURS');
    expect((await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: agent })).json()).toHaveLength(1);
    // The new assignee did not upload it: still not theirs to remove.
    expect((await t.request('DELETE', url, { token: otherAgent })).json().error.code).toBe(
      'TICKETS.ATTACHMENT_NOT_YOURS',
    );
    expect((await t.request('DELETE', url, { token: admin })).statusCode).toBe(204);
  });

  it('removes without an attachment folder (only the database is touched); uploads there answer 503', async () => {
    const id = await ticket();
    const png = (await upload(id, 'folderless.png', PNG)).json();
    // The same database, served by an instance configured without attachments.
    const bare = await buildTestKefu(t.handle);
    await bare.app.ready();
    try {
      const inject = (method: 'DELETE' | 'POST', url: string, payload?: Buffer) =>
        bare.app.inject({
          method,
          url,
          headers: {
            authorization: `Bearer ${agent}`,
            ...(payload ? { 'content-type': 'application/octet-stream' } : {}),
          },
          ...(payload ? { payload } : {}),
        });
      const up = await inject('POST', `/api/v1/tickets/${id}/attachments?name=a.png`, PNG);
      expect(up.statusCode).toBe(503);
      expect(up.json().error.code).toBe('TICKETS.ATTACHMENTS_UNAVAILABLE');
      const del = await inject('DELETE', `/api/v1/tickets/${id}/attachments/${png.id}`);
      expect(del.statusCode, del.body).toBe(204);
    } finally {
      await bare.app.close();
    }
    expect((await t.request('GET', `/api/v1/tickets/${id}/attachments`, { token: agent })).json()).toEqual([]);
  });
});

describe('linked calls', () => {
  it("lists the call records of the order's linked contacts, numbers masked for agents", async () => {
    const contactId = '0190f0f0-0000-7000-8000-000000000001';
    const agentId = (await t.request('GET', '/api/v1/users/me', { token: agent })).json().user.id;
    await t.handle.pool.query(
      `insert into telephony_calls (id, direction, caller, called, sip_call_id, started_at, answered_at, ended_at, end_reason, talk_ms, contact_id, agent_user_ids)
       values ($1, 'inbound', '13800138000', '4008000000', 'sip-1', '2026-12-07T01:00:00Z', '2026-12-07T01:00:10Z', '2026-12-07T01:03:10Z', 'caller_hangup', 180000, $2, $3),
              ($4, 'inbound', '13900139000', '4008000000', 'sip-2', '2026-12-07T02:00:00Z', null, '2026-12-07T02:00:30Z', 'abandoned_queue', null, null, '[]')`,
      [
        '0190f0f0-0000-7000-8000-0000000000c1',
        contactId,
        JSON.stringify([agentId]),
        '0190f0f0-0000-7000-8000-0000000000c2',
      ],
    );
    const res = await t.request('POST', '/api/v1/tickets', {
      token: agent,
      body: { type: 'fault', subject: '来电报障', contactIds: [contactId, 'not-a-contact-id'] },
    });
    const calls = await t.request('GET', `/api/v1/tickets/${res.json().id}/calls`, { token: agent });
    expect(calls.statusCode, calls.body).toBe(200);
    expect(calls.json()).toEqual([
      expect.objectContaining({
        id: '0190f0f0-0000-7000-8000-0000000000c1',
        direction: 'inbound',
        talkMs: 180000,
        endReason: 'caller_hangup',
        agents: [{ userId: agentId, name: 'att.agent' }],
      }),
    ]);
    expect(calls.json()[0].caller).not.toBe('13800138000');
    expect((await t.request('GET', `/api/v1/tickets/${res.json().id}/calls`, { token: admin })).json()[0].caller).toBe(
      '13800138000',
    );
    expect((await t.request('GET', `/api/v1/tickets/${res.json().id}/calls`, { token: qa })).statusCode).toBe(403);
  });
});
