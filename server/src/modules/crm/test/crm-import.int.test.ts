import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

const upload = (body: string | Buffer, contentType = 'text/csv', query = '', token = admin) =>
  t.kefu.app.inject({
    method: 'POST',
    url: `/api/v1/customers/import${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload: body,
  });

/** Follows the job to its end through the API. */
async function finished(jobId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await t.request('GET', `/api/v1/customers/imports/${jobId}`, { token: admin });
    expect(res.statusCode).toBe(200);
    if (res.json().state === 'done' || res.json().state === 'failed') return res.json();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the import did not finish');
}
const byPhone = async (phone: string) =>
  (await t.request('GET', `/api/v1/customers/lookup?phone=${phone}`, { token: admin })).json().matches;

describe('importing a CSV', () => {
  it('imports every row, with lists split on ; and the Chinese header names', async () => {
    const csv = [
      'name,电话,emails,tags,tier,consentSms,idNumber,note',
      '李一,138 0101 0001;010-6101 0001,LI1@Example.cn,VIP;易投诉,vip,是,110101199001010011,来自导入',
      '"Zhang, Two",13801010002,,,,false,,',
    ].join('\n');
    const res = await upload(`\ufeff${csv}`);
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(res.json().id);
    expect(job).toMatchObject({ state: 'done', rows: 2, created: 2, updated: 0, skipped: 0, issues: [] });
    const [li] = await byPhone('01061010001');
    expect(li).toMatchObject({
      name: '李一',
      emails: ['li1@example.cn'],
      tags: ['VIP', '易投诉'],
      tier: 'vip',
      consent: { sms: true, marketingCalls: false },
      idNumber: '110101199001010011',
      notes: [{ text: '来自导入' }],
    });
    expect(li.phones.map((p: { e164: string }) => p.e164)).toEqual(['+8613801010001', '+861061010001']);
    expect((await byPhone('13801010002'))[0].name).toBe('Zhang, Two');
  });

  it('one bad row writes nothing and names every problem by row and column', async () => {
    const csv = [
      'name,phones,tier,emails',
      'Good,13802020001,,',
      ',13802020002,platinum,',
      'Bad phone,12,,not-mail',
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CRM.IMPORT_INVALID');
    expect(res.json().error.details.issues).toEqual([
      { row: 3, column: 'tier', message: expect.any(String) },
      { row: 3, column: 'name', message: 'required' },
      { row: 4, column: 'phones', message: expect.stringContaining('12') },
      { row: 4, column: 'emails', message: expect.stringContaining('not-mail') },
    ]);
    expect(await byPhone('13802020001')).toEqual([]);
  });

  it('partial=true imports the good rows and reports the rest', async () => {
    const csv = ['name,phones', 'Good A,13803030001', 'Bad,abc', 'Good B,13803030002'].join('\n');
    const res = await upload(csv, 'text/csv', '?partial=true');
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(res.json().id);
    expect(job).toMatchObject({ state: 'done', created: 2, skipped: 1, issues: [{ row: 3, column: 'phones' }] });
    expect(await byPhone('13803030002')).toHaveLength(1);
  });

  it('a known phone updates that customer instead of adding one; duplicates in the file fold', async () => {
    const made = await t.request('POST', '/api/v1/customers', {
      token: admin,
      body: { name: 'Existing', phones: ['13804040001'], emails: ['old@x.cn'], tags: ['老客户'] },
    });
    const id = made.json().id;
    const csv = [
      'name,phones,emails,tags',
      'Existing Renamed,0138 0404 0001,new@x.cn,VIP',
      'Twice,13804040002,,',
      'Twice again,+86 138 0404 0002;13804040003,,',
    ].join('\n');
    const job = await finished((await upload(csv)).json().id);
    expect(job).toMatchObject({ state: 'done', created: 1, updated: 2 });
    const [c] = await byPhone('13804040001');
    expect(c).toMatchObject({
      id,
      name: 'Existing Renamed',
      emails: ['old@x.cn', 'new@x.cn'],
      tags: ['老客户', 'VIP'],
    });
    const twice = await byPhone('13804040003');
    expect(twice).toHaveLength(1);
    expect(twice[0].name).toBe('Twice again');
    expect((await byPhone('13804040002'))[0].id).toBe(twice[0].id);
  });

  it('two rows reaching one customer by different numbers both apply', async () => {
    const made = await t.request('POST', '/api/v1/customers', {
      token: admin,
      body: { name: 'Two numbers', phones: ['13804040101', '13804040102'] },
    });
    const csv = ['name,phones,tags', 'Two numbers,13804040101,A', 'Two numbers,13804040102,B'].join('\n');
    const job = await finished((await upload(csv)).json().id);
    expect(job).toMatchObject({ state: 'done', created: 0, updated: 2, processed: 2 });
    const [c] = await byPhone('13804040102');
    expect(c).toMatchObject({ id: made.json().id, tags: ['A', 'B'] });
  });

  it('refuses an unknown column, a file without rows, and something that is no CSV or XLSX', async () => {
    const unknown = await upload('name,shoeSize\nA,42');
    expect(unknown.json().error.details.issues).toEqual([{ row: 1, column: 'shoeSize', message: 'unknown column' }]);
    expect((await upload('name,phones\n')).json().error.code).toBe('CRM.IMPORT_UNREADABLE');
    const xml = await upload('<a/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    const json = await upload('{}', 'application/json');
    expect(json.statusCode).toBe(400);
  });

  it('needs customers.import: an agent may not', async () => {
    await t.addUser('import.agent', ['agent']);
    const token = await t.login('import.agent', 'Passw0rd!');
    expect((await upload('name\nA', 'text/csv', '', token)).statusCode).toBe(403);
  });

  it('writes one audit entry per import', async () => {
    const res = await upload('name,phones\nAudit Me,13805050001');
    const job = await finished(res.json().id);
    const audit = await t.request('GET', '/api/v1/audit?action=crm.customer.imported', { token: admin });
    expect(audit.json().items.map((e: { details: { jobId: string } }) => e.details.jobId)).toContain(job.id);
  });
});

describe('XLSX import and export', () => {
  it('imports an XLSX sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['name', 'phones', 'accountNumbers']);
    ws.addRow(['表格客户', '13806060001', 'AC-1;AC-2']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.statusCode, res.body).toBe(202);
    expect(await finished(res.json().id)).toMatchObject({ state: 'done', created: 1 });
    expect((await byPhone('13806060001'))[0]).toMatchObject({ name: '表格客户', accountNumbers: ['AC-1', 'AC-2'] });
  });

  it('exports CSV and XLSX in the import columns; an export imports back', async () => {
    const csv = await t.request('GET', '/api/v1/customers/export.csv', { token: admin });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('表格客户');
    expect(csv.body.split('\n')[0]).toContain('name,phones,emails');
    const again = await upload(csv.rawPayload);
    expect(again.statusCode, again.body).toBe(202);
    const job = await finished(again.json().id);
    expect(job).toMatchObject({ state: 'done', created: 0 });

    const xlsx = await t.request('GET', '/api/v1/customers/export.xlsx', { token: admin });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('name');
  });
});
