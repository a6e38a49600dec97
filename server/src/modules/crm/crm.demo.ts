import type { CreateCustomerBody } from '../../../../contracts/crm';
import type { DemoContext } from '../../platform/module';
import type { CustomersService } from './crm.service';

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
];
const GIVEN = ['建国', '秀兰', '志强', '丽娟', '海燕', '国华', '玉梅', '春生', '晓东', '桂英'];
const PLANS = ['畅享 5G 套餐 129 元', '全家享 199 元', '大王卡 19 元', '商务精英 299 元', '不限量 169 元'];
const COMPANIES = [
  '北京华信科技有限公司',
  '上海东方物流有限公司',
  '广州南粤贸易有限公司',
  '深圳前海数据服务有限公司',
  '杭州西湖文旅集团',
];

/**
 * Fifty customers of the demo hotline (a Chinese telecom operator): mobile numbers 1380000 0001–0050
 * (the demo history's callers are random per day, so these do not match them), some with broadband,
 * tags such as VIP and 易投诉, five enterprises. Idempotent: a customer whose number exists is kept.
 */
export async function seedDemoCustomers(deps: { customers: CustomersService }, demo: DemoContext): Promise<number> {
  let created = 0;
  for (let i = 1; i <= 50; i++) {
    const phone = `1380000${String(i).padStart(4, '0')}`;
    if ((await deps.customers.findByPhone(phone)).length > 0) continue;
    const enterprise = i % 10 === 0;
    const body: CreateCustomerBody = {
      kind: enterprise ? 'enterprise' : 'person',
      name: enterprise ? COMPANIES[i / 10 - 1]! : `${SURNAMES[i - 1]}${GIVEN[i % GIVEN.length]}`,
      phones: i % 7 === 0 ? [phone, `010-6${String(5550000 + i)}`] : [phone],
      emails: i % 3 === 0 ? [`customer${i}@example.cn`] : [],
      accountNumbers: [`AC${String(20_240_000 + i * 37)}`],
      products: [
        {
          kind: 'mobile',
          name: PLANS[i % PLANS.length]!,
          number: phone,
          since: `20${String(15 + (i % 10))}-0${1 + (i % 9)}-15`,
        },
        ...(i % 4 === 0 ? [{ kind: 'broadband' as const, name: '千兆宽带', number: `BB${1000 + i}` }] : []),
      ],
      tags: [...(i % 5 === 0 ? ['VIP'] : []), ...(i % 8 === 0 ? ['易投诉'] : []), ...(i % 6 === 0 ? ['老年用户'] : [])],
      tier: i % 5 === 0 ? 'vip' : i % 3 === 0 ? 'gold' : 'standard',
      preferredLanguage: i % 12 === 0 ? 'yue' : 'zh-CN',
      preferredChannel: i % 4 === 0 ? 'wechat' : 'voice',
      consent: { marketingCalls: i % 2 === 0, sms: true, email: i % 3 === 0 },
      ...(i % 8 === 0 ? { note: '多次投诉网络信号问题，来电请优先安抚并升级。' } : {}),
    };
    await deps.customers.create(body, demo.actor);
    created++;
  }
  return created;
}
