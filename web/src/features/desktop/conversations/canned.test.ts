import { describe, expect, it } from 'vitest';
import type { CannedReply } from '../../../../../contracts/conversations';
import { fillVariables, filterCanned, insertAt, replaceSlash, slashQuery } from './canned';

const reply = (shortcut: string, title: string, text = ''): CannedReply => ({
  id: `00000000-0000-4000-8000-${shortcut.padStart(12, '0').slice(-12)}`,
  scope: 'personal',
  teamId: null,
  ownerId: null,
  shortcut,
  title,
  text,
  updatedAt: '2026-03-01T08:00:00.000Z',
});

describe('fillVariables', () => {
  it('fills the four variables from the conversation, the agent and the work order', () => {
    const text = '{{customer.name}}您好，我是{{agent.name}}，工单 {{ ticket.number }}，会话 {{conversation.id}}';
    expect(
      fillVariables(text, {
        'customer.name': '张三',
        'agent.name': '王芳',
        'ticket.number': 'T-2026-0001',
        'conversation.id': 'c-1',
      }),
    ).toBe('张三您好，我是王芳，工单 T-2026-0001，会话 c-1');
  });

  it('empties a known variable without a value and leaves an unknown one for the agent to see', () => {
    expect(fillVariables('Hi {{customer.name}}, {{customer.phone}}', { 'customer.name': null })).toBe(
      'Hi , {{customer.phone}}',
    );
  });
});

describe('slash commands', () => {
  it('opens on "/" at the start or after a space, with what follows as the query', () => {
    expect(slashQuery('/', 1)).toEqual({ start: 0, query: '' });
    expect(slashQuery('您好 /he', 6)).toEqual({ start: 3, query: 'he' });
    expect(slashQuery('a/b', 3)).toBeUndefined();
    expect(slashQuery('/hello world', 12)).toBeUndefined();
    expect(slashQuery('http://x', 8)).toBeUndefined();
  });

  it('lists shortcuts starting with the query first, then any reply containing it', () => {
    const list = [reply('bye', '结束语', '再见'), reply('hello', '问候'), reply('wait', '请稍等', 'hello again')];
    expect(filterCanned(list, 'he').map((r) => r.shortcut)).toEqual(['hello', 'wait']);
    expect(filterCanned(list, '问候').map((r) => r.shortcut)).toEqual(['hello']);
    expect(filterCanned(list, '')).toHaveLength(3);
  });

  it('replaces the typed /word with the reply and puts the caret after it', () => {
    const text = '好的 /he 谢谢';
    const slash = slashQuery(text, 6)!;
    expect(replaceSlash(text, 6, slash, '您好！')).toEqual({ text: '好的 您好！ 谢谢', caret: 6 });
    expect(insertAt('ab', 1, 1, '😀')).toEqual({ text: 'a😀b', caret: 3 });
  });
});
