/**
 * A telecom hotline's tickets, generated: Chinese subjects and agent notes built from the
 * complaints a carrier's hotline hears (信号差, 话费, 宽带, 套餐, 停机 …), one ticket in ten in
 * English, customers with mobile numbers, ticket numbers as GD20261206-000123. Seeded, so a run
 * replays the same data.
 */
export const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

const PLACES = ['家里', '小区', '公司', '地下室', '高铁上', '学校宿舍', '老家', '办公室', '地铁站', '', '', ''];
/** The complaints: each mixes the words that the benchmark's queries ask for. */
const PROBLEMS = [
  '手机信号差，经常无服务',
  '5G信号不稳定，通话断断续续',
  '宽带经常掉线',
  '宽带网速慢，看视频卡顿',
  '光猫故障，指示灯红灯闪烁',
  '本月话费异常，多扣了三十元',
  '话费余额不足却被停机',
  '欠费停机后缴费仍无法复机',
  '套餐变更未生效',
  '套餐内流量用完后被额外扣费',
  '国际漫游费用过高',
  '携号转网申请被拒绝',
  '来电显示功能无法使用',
  '彩铃业务未经同意开通',
  '积分兑换的话费没有到账',
  '固话无法拨打外地号码',
  '营业厅服务态度差',
  '装机师傅上门维修迟到',
  '电视机顶盒无法开机',
  '短信验证码收不到',
  '要求退还多收的月租费',
  '副卡无法共享主卡流量',
  '实名认证失败无法办理业务',
  '基站辐射担心影响健康',
];
const TAILS = ['', '', '，要求尽快处理', '，已多次反映未解决', '，情绪激动', '，要求给个说法', '，影响工作'];
const NOTES = [
  '已联系客户，客户表示问题依旧存在',
  '已派单给技术部门上门维修',
  '经核查，该用户所在小区基站故障，预计明天恢复',
  '客户来电催单，请尽快处理',
  '已为客户办理退款，三个工作日内到账',
  '已解释套餐资费规则，客户表示理解',
  '客户要求升级投诉，已转投诉专席',
  '已重置光猫并远程测速，网速正常',
  '已为客户恢复通话功能',
  '回访客户，客户对处理结果满意',
  '回访客户，客户对处理结果不满意，要求重新处理',
  '经核查话费扣费正确，已向客户说明',
  '已申请话费补偿二十元',
  '现场测试信号强度正常，建议客户更换新卡',
];
const EN_SUBJECTS = [
  'Broadband keeps disconnecting every evening',
  'No signal at home since last week',
  'Refund request for overcharged monthly bill',
  'Roaming charges too high after trip abroad',
  'Cannot port my number to another carrier',
  'Data plan upgrade not applied',
  'Router shows red light, internet down',
  'SIM card blocked after payment',
];
const EN_NOTES = [
  'Called the customer back, issue persists',
  'Technician visit booked for tomorrow',
  'Refund approved, credited within three working days',
  'Explained the plan rules to the customer',
  'Escalated to the complaints desk',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志勇海燕雪梅晓东子涵浩宇欣怡';
const MOBILE_PREFIXES = [
  '138',
  '139',
  '135',
  '136',
  '137',
  '150',
  '151',
  '152',
  '158',
  '159',
  '186',
  '187',
  '188',
  '130',
  '131',
  '133',
  '153',
  '180',
  '189',
  '199',
];

export function customerName(rnd: () => number): string {
  const n = rnd() < 0.7 ? 2 : 1;
  let s = pick(rnd, [...SURNAMES]);
  for (let i = 0; i < n; i++) s += pick(rnd, [...GIVEN]);
  return s;
}

export function mobile(rnd: () => number): string {
  return pick(rnd, MOBILE_PREFIXES) + String(Math.floor(rnd() * 1e8)).padStart(8, '0');
}

export function subject(rnd: () => number, english: boolean): string {
  if (english) return pick(rnd, EN_SUBJECTS);
  return pick(rnd, PLACES) + pick(rnd, PROBLEMS) + pick(rnd, TAILS);
}

export function note(rnd: () => number, english: boolean): string {
  if (english) return pick(rnd, EN_NOTES);
  const n = pick(rnd, NOTES);
  // Agents write down a callback number now and then: the phone must be found in comments too.
  return rnd() < 0.1 ? `${n}，客户留的联系电话${mobile(rnd)}` : n;
}

/** What the benchmark asks: words that occur often, rarely, or not at all. */
export const QUERY_WORDS = {
  zh2: [
    '信号',
    '话费',
    '宽带',
    '套餐',
    '停机',
    '漫游',
    '光猫',
    '退款',
    '投诉',
    '流量',
    '彩铃',
    '复机',
    '积分',
    '网速',
    '基站',
    '月租',
    '辐射',
    '副卡',
    '固话',
    '短信',
    '机顶',
    '发票',
    '销户',
    '宽频',
  ],
  zh4: [
    '宽带掉线',
    '话费异常',
    '携号转网',
    '上门维修',
    '国际漫游',
    '服务态度',
    '套餐变更',
    '恢复通话',
    '信号强度',
    '实名认证',
    '话费补偿',
    '来电显示',
    '欠费停机',
    '流量共享',
    '网络升级',
    '号码冻结',
  ],
  en: [
    'broadband',
    'refund',
    'signal',
    'roaming',
    'router',
    'technician',
    'escalated',
    'bill',
    'port',
    'invoice',
    'complaint',
    'fiber',
  ],
};
