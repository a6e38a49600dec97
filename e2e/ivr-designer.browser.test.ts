import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCaller } from '../test/sipp-caller';
import { APP_IDS } from '../web/src/app/testids';
import { IVR_IDS } from '../web/src/features/ivr/testids';
import { browserFixture, byTestId, screenshot, settled } from './fixtures/browser';
import { sipAddress } from './fixtures/telephony';

/**
 * The visual IVR designer (语音导航 → 设计器) in headless Chromium against the built demo: an admin
 * builds a three-option menu by dragging nodes from the palette and connecting exit handles with the
 * mouse, 校验 shows the exit left open on its node, the admin connects it, saves and publishes; the
 * demo number is pointed at the flow, and a sipp caller pressing 2 waits in the queue the designer
 * picked for that key (the call record names it).
 */
const env = browserFixture({ name: 'kefu-ivr-designer-', adminPassword: 'Ivr-designer-1', demo: true });
const VIEWPORT = { width: 1680, height: 1000 };
const DID = '4008000000';
let page: Page;

type FlowSummary = { id: string; key: string };
type CallRecord = { id: string; endReason: string | null; queue: { key: string } | null; ivrPath?: unknown[] };

const center = async (locator: Locator) => {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

/** A mouse drag in small steps, as a person's hand moves (React Flow and the palette follow pointer events). */
async function drag(from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/** Drags a node type from the palette to a point of the canvas given as fractions of its size. */
async function dropNode(type: string, fx: number, fy: number) {
  const box = await page.getByTestId(IVR_IDS.canvas).boundingBox();
  if (!box) throw new Error('no canvas');
  await drag(await center(page.getByTestId(IVR_IDS.paletteItem(type))), {
    x: box.x + box.width * fx,
    y: box.y + box.height * fy,
  });
}

/** Drags from a node's exit handle to another node's entry handle. */
async function connect(source: string, field: string, target: string) {
  await drag(
    await center(page.getByTestId(IVR_IDS.exit(source, field))),
    await center(page.getByTestId(IVR_IDS.entry(target))),
  );
  await page.locator(byTestId(IVR_IDS.exit(source, field), { connected: 'true' })).waitFor({ timeout: 5_000 });
}

async function selectNode(id: string) {
  // The card's header: away from the handles.
  await page.getByTestId(IVR_IDS.node(id)).click({ position: { x: 60, y: 12 } });
  await expect.poll(() => page.getByTestId(IVR_IDS.nodeId).inputValue()).toBe(id);
}

/** Picks an option of an antd Select by its visible text. */
async function pick(select: Locator, text: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

async function arrange() {
  await page.getByTestId(IVR_IDS.canvas).click({ position: { x: 10, y: 10 } }); // deselect: the flow panel
  await page.getByTestId(IVR_IDS.autoLayout).click();
  await settled(page);
}

beforeAll(async () => {
  page = await env.signedIn(env.admin, undefined, { viewport: VIEWPORT });
});

describe('the visual IVR designer', () => {
  it('shows the demo hotline as a drawing, in Chinese and in English', { timeout: 120_000 }, async () => {
    const flows = await env.api<FlowSummary[]>('GET', '/ivr/flows');
    const hotline = flows.find((f) => f.key === 'hotline');
    await page.goto(`/admin/ivr?flow=${hotline?.id}`);
    const menu = page.getByTestId(IVR_IDS.node('menu'));
    await menu.waitFor();
    // The start marker, typed names and labelled exits.
    expect(await page.getByTestId(IVR_IDS.node('welcome')).textContent()).toContain('开始');
    expect(await menu.textContent()).toContain('按键菜单');
    for (const label of ['按 1', '按 2', '按 3', '按 0', '多次失败']) expect(await menu.textContent()).toContain(label);
    expect(await page.getByTestId(IVR_IDS.node('billing')).textContent()).toContain('话费查询');
    expect(await page.locator(byTestId(IVR_IDS.exit('menu', 'options.1'), { connected: 'true' })).count()).toBe(1);
    // Nothing changed by drawing it: no unsaved mark.
    expect(await page.getByText('未保存').count()).toBe(0);

    // The prompt picker shows descriptions and plays the prompt.
    await selectNode('menu');
    const played = page.waitForResponse((r) => r.url().includes('/api/v1/telephony/prompts/zh-CN/menu'));
    await page.getByTestId(IVR_IDS.panel).getByTestId(IVR_IDS.promptPlay).first().click();
    expect((await played).status()).toBe(200);
    await settled(page);
    await screenshot(page, 'ivr-designer-zh-CN');

    await page.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await expect.poll(() => menu.textContent()).toContain('Press 1');
    expect(await menu.textContent()).toContain('Key menu');
    await settled(page);
    await screenshot(page, 'ivr-designer-en-US');
    await page.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('builds a three-option menu by drag and connect, shows the open exit on its node, publishes, and a call reaches the chosen queue', {
    timeout: 300_000,
  }, async () => {
    // A new flow starts from a small working flow: welcome → menu → 人工服务 → survey → goodbye.
    await page.goto('/admin/ivr');
    await page.getByTestId(IVR_IDS.create).click();
    await page.getByTestId(IVR_IDS.formKey).fill('promo');
    await page.getByTestId(IVR_IDS.formName).fill('促销热线');
    await page.getByTestId(IVR_IDS.formSubmit).click();
    await page.getByTestId(IVR_IDS.node('menu')).waitFor();

    // Replace its menu with one drawn here.
    await selectNode('menu');
    await page.getByTestId(IVR_IDS.nodeDelete).click();
    await page.getByTestId(IVR_IDS.node('menu')).waitFor({ state: 'detached' });
    await dropNode('menu', 0.25, 0.15);
    await page.getByTestId(IVR_IDS.node('menu_1')).waitFor();
    await dropNode('queue', 0.5, 0.15);
    await page.getByTestId(IVR_IDS.node('queue_1')).waitFor();
    await dropNode('queue', 0.75, 0.15);
    await page.getByTestId(IVR_IDS.node('queue_2')).waitFor();

    // Menu keys 1, 2, 3 (1 is there from the palette): each becomes a labelled exit.
    await selectNode('menu_1');
    const keys = page.getByTestId(IVR_IDS.menuKeys);
    for (const k of ['2', '3']) await keys.getByText(k, { exact: true }).click();
    const menu = page.getByTestId(IVR_IDS.node('menu_1'));
    for (const label of ['按 1', '按 2', '按 3', '多次失败']) await menu.getByText(label, { exact: true }).waitFor();

    // Each queue node picks its queue by name.
    await selectNode('queue_1');
    await pick(page.getByTestId(IVR_IDS.queueSelect), '话费查询');
    await selectNode('queue_2');
    await pick(page.getByTestId(IVR_IDS.queueSelect), '投诉建议');
    await expect.poll(() => page.getByTestId(IVR_IDS.node('queue_2')).textContent()).toContain('投诉建议');

    await arrange();
    await connect('welcome', 'next', 'menu_1');
    await connect('menu_1', 'options.1', 'queue_1');
    await connect('menu_1', 'options.2', 'queue_2');
    await connect('menu_1', 'options.3', 'general');
    await connect('queue_1', 'next', 'survey');
    await connect('queue_2', 'next', 'survey');

    // 校验: 多次失败 is still open — the finding is drawn on the menu and its exit.
    await page.getByTestId(IVR_IDS.validate).click();
    const issues = page.getByTestId(IVR_IDS.nodeIssues('menu_1'));
    await issues.waitFor();
    expect(await issues.textContent()).toBe('出口“多次失败”未连接');
    expect(await menu.getAttribute('data-invalid')).toBe('true');
    expect(await page.getByTestId(IVR_IDS.issues).textContent()).toContain('definition.nodes.menu_1.onFailure');
    for (const other of ['welcome', 'queue_1', 'queue_2', 'general', 'survey', 'bye'])
      expect(await page.getByTestId(IVR_IDS.node(other)).getAttribute('data-invalid'), other).toBe('false');
    await settled(page);
    await screenshot(page, 'ivr-designer-open-exit-zh-CN');

    await connect('menu_1', 'onFailure', 'general');
    await page.getByTestId(IVR_IDS.validate).click();
    await page.getByTestId(IVR_IDS.issues).getByText('校验通过').waitFor();
    await issues.waitFor({ state: 'detached' });

    await page.getByTestId(IVR_IDS.save).click();
    await page.getByText('草稿已保存').waitFor();
    await page.getByTestId(IVR_IDS.publish).click();
    await page.getByText('已发布为版本 1').waitFor();

    // What was published is the drawing: the same document the JSON tab shows.
    const flows = await env.api<FlowSummary[]>('GET', '/ivr/flows');
    const promo = flows.find((f) => f.key === 'promo');
    const published = await env.api<{ definition: { start: string; nodes: Record<string, Record<string, unknown>> } }>(
      'GET',
      `/ivr/flows/${promo?.id}/versions/1`,
    );
    expect(published.definition.start).toBe('welcome');
    expect(published.definition.nodes.welcome?.next).toBe('menu_1');
    expect(published.definition.nodes.menu_1).toMatchObject({
      type: 'menu',
      options: { '1': 'queue_1', '2': 'queue_2', '3': 'general' },
      onFailure: 'general',
    });
    expect(published.definition.nodes.queue_2).toMatchObject({ type: 'queue', queue: 'complaints', next: 'survey' });
    await page.getByRole('tab', { name: '高级（JSON）' }).click();
    const json = JSON.parse(await page.getByTestId(IVR_IDS.json).inputValue());
    expect(json.nodes).toEqual(published.definition.nodes);
    // And back: a key typed in the JSON is drawn as a connected exit; 撤销修改 returns to the saved draft.
    json.nodes.menu_1.options['4'] = 'general';
    await page.getByTestId(IVR_IDS.json).fill(JSON.stringify(json, null, 2));
    await page.getByRole('tab', { name: '设计器' }).click();
    await page.locator(byTestId(IVR_IDS.exit('menu_1', 'options.4'), { connected: 'true' })).waitFor();
    await page.getByText('未保存').waitFor();
    await page.getByRole('button', { name: '撤销修改' }).click();
    await page.getByTestId(IVR_IDS.exit('menu_1', 'options.4')).waitFor({ state: 'detached' });
    await page.getByText('未保存').waitFor({ state: 'detached' });

    // The demo number now runs this flow; a caller pressing 2 waits in 投诉建议 (nobody is ready) and hangs up.
    const numbers = await env.api<Array<{ id: string; number: string }>>('GET', '/telephony/numbers');
    const did = numbers.find((n) => n.number === DID);
    await env.api('PATCH', `/telephony/numbers/${did?.id}`, { flowId: promo?.id });
    const call = await runCaller({
      target: await sipAddress(env.kefu),
      number: DID,
      steps: [{ pause: 500 }, { digit: '2' }, { pause: 15_000 }],
      hangup: 'caller',
    });
    expect(call.code, call.output).toBe(0);
    let record: CallRecord | undefined;
    await expect
      .poll(
        async () => {
          const list = await env.api<{ items: CallRecord[] }>('GET', '/calls?limit=5');
          record = list.items.find((c) => c.endReason !== null);
          return record?.queue?.key;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe('complaints');
    expect(record?.endReason).toBe('abandoned_queue');
    expect(env.pageErrors).toEqual([]);
  });
});
