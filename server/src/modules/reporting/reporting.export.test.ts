import { describe, expect, it } from 'vitest';
import type { ReportContact } from '../../../../contracts/reports';
import { contactsTable } from './reporting.export';

const contact = (over: Partial<ReportContact> = {}): ReportContact => ({
  id: '0b6c1f1e-2f5e-4c55-9d0c-1a2b3c4d5e6f',
  rootId: '0b6c1f1e-2f5e-4c55-9d0c-1a2b3c4d5e6f',
  source: 'acd',
  externalId: null,
  channel: 'chat',
  queueId: null,
  queueName: '话费查询',
  agentId: null,
  agentName: '王芳',
  customerId: null,
  callId: null,
  enteredAt: '2026-12-06T23:04:00Z',
  answeredAt: '2026-12-06T23:04:10Z',
  endedAt: '2026-12-06T23:06:00Z',
  waitSeconds: 10,
  talkSeconds: 110,
  holdSeconds: 0,
  wrapUpSeconds: 0,
  handleSeconds: 110,
  outcome: 'answered',
  requestType: 'query',
  disposition: 'resolved',
  csat: 5,
  nps: null,
  ces: null,
  transferred: false,
  rona: 0,
  ...over,
});

describe('the contacts export', () => {
  it('names channel, outcome, request type and disposition in the export language, never as codes', () => {
    const [head, row] = contactsTable([contact()], 'zh-CN', 'Asia/Shanghai');
    const at = (name: string) => row![head!.indexOf(name)];
    expect(at('渠道')).toBe('在线');
    expect(at('结果')).toBe('接通');
    expect(at('诉求类型')).toBe('查询');
    expect(at('处理结果')).toBe('已解决');
    expect(at('进入队列')).toBe('2026-12-07 07:04:00');
    const [enHead, enRow] = contactsTable([contact({ outcome: 'abandoned', disposition: null })], 'en-US', 'UTC');
    expect(enRow![enHead!.indexOf('Channel')]).toBe('Chat');
    expect(enRow![enHead!.indexOf('Outcome')]).toBe('Abandoned');
    expect(enRow![enHead!.indexOf('Disposition')]).toBe('');
  });

  it('keeps an imported value it has no word for as it came', () => {
    const [head, row] = contactsTable([contact({ requestType: '套餐变更' })], 'zh-CN', 'UTC');
    expect(row![head!.indexOf('诉求类型')]).toBe('套餐变更');
  });
});
