/**
 * Test messages in the spirit of RFC 4475 ("SIP Torture Test Messages"): written for Kefu, not
 * copied, each named after the RFC case it imitates. Shared by the unit tests and as fuzz seeds.
 */

/** Lines joined with CRLF; the body (if any) follows the empty line. */
export const sip = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

const sdp = ['v=0', 'o=- 1 1 IN IP4 192.0.2.3', 's=-', 'c=IN IP4 192.0.2.3', 't=0 0', 'm=audio 4000 RTP/AVP 0', ''];
const sdpLength = Buffer.byteLength(sdp.join('\r\n'));

export const VALID = {
  /** §3.1.1.1 wsinv: folding, compact names, odd whitespace, list values spread over lines. */
  wsinv: sip(
    'INVITE sip:agent01@kefu.example.com;unknownparam SIP/2.0',
    'TO :',
    ' sip:agent01@kefu.example.com ;   tag    = 1918181833n',
    'from   : "J Rosenberg \\\\\\""       <sip:caller@example.com>',
    '  ;',
    '  tag = 98asjd8',
    'MaX-fOrWaRdS: 0068',
    'Call-ID: wsinv.ndaksdj@192.0.2.1',
    `Content-Length   : ${sdpLength}`,
    'cseq: 0009',
    '  INVITE',
    'Via  : SIP  /   2.0',
    ' /UDP',
    '    192.0.2.2;received=192.0.2.2;branch=390skdjuw',
    's :',
    'NewFangledHeader:   newfangled value',
    ' continued newfangled value',
    'UnknownHeaderWithUnusualValue: ;;,,;;,;',
    'Content-Type: application/sdp',
    'Route:',
    ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
    'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
    '  branch  =   z9hG4bK9ikj8  ,',
    ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
    ' z9hG4bK30239',
    'm:"Quoted string \\"\\"" <sip:caller@example.com> ; newparam =',
    '      newvalue ;',
    '  secondparam ; q = 0.33',
    '',
    ...sdp,
  ),
  /** §3.1.1.2 intmeth: a method made of every token character. */
  intmeth: sip(
    "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0",
    "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
    'To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7F" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>',
    "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.",
    'Call-ID: intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{',
    "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~",
    'Max-Forwards: 255',
    '',
    '',
  ),
  /** §3.1.1.3 esc01: escaped characters in the user part and display name. */
  esc01: sip(
    'OPTIONS sip:%73ips%3Aagent%40example.com@example.net SIP/2.0',
    'To: sip:%75se%72@example.com',
    'From: <sip:I%20have%20spaces@example.net>;tag=938',
    'Max-Forwards: 87',
    'i: esc01.239409asdfakjkn23onasd0-3234',
    'CSeq: 234234 OPTIONS',
    'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw',
    'c: application/sdp',
    'Contact:',
    '  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>',
    'l: 0',
    '',
    '',
  ),
  /** §3.1.1.5 lwsdisp: a token display name glued to the <URI>. */
  lwsdisp: sip(
    'OPTIONS sip:user@example.com SIP/2.0',
    'To: sip:user@example.com',
    'From: caller<sip:caller@example.com>;tag=323',
    'Max-Forwards: 70',
    'Call-ID: lwsdisp.1234abcd@funky.example.com',
    'CSeq: 60 OPTIONS',
    'Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw',
    'l: 0',
    '',
    '',
  ),
  /** §3.1.1.10 semiuri: ';' inside the user part; IPv6 everywhere (§3.1.1.? ipv6 cases). */
  ipv6: sip(
    'REGISTER sip:[2001:db8::10]:5070;transport=udp SIP/2.0',
    'Via: SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKas3-111;rport',
    'To: <sip:user;par=u%40example.net@[2001:db8::10]>',
    'From: "Agent 01" <sip:agent01@[2001:db8::10]>;tag=81x2',
    'Call-ID: SSG9559905523997077@hlau_4100',
    'Max-Forwards: 70',
    'Contact: "Caller" <sip:caller@[2001:db8::9:1]:5060>;expires=3600, <sip:caller@192.0.2.1>;q=0.5',
    'CSeq: 98176 REGISTER',
    'Expires: 300',
    'Content-Length: 0',
    '',
    '',
  ),
  /** §3.1.1.6 longreq flavour: many Vias in one header and in several, Record-Route lists. */
  multi: sip(
    'INVITE sip:4008000000@kefu.example.com SIP/2.0',
    'Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP p2.example.com:5080;branch=z9hG4bK2',
    'Via: SIP/2.0/TCP p3.example.com;branch=z9hG4bK3;received=198.51.100.7;rport=40001',
    'Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>',
    'Record-Route: <sip:p3.example.com;lr>',
    'From: "Li, Wei" <sip:13800000000@carrier.example.com>;tag=abc',
    'To: <sip:4008000000@kefu.example.com>',
    'Call-ID: multi-1@carrier.example.com',
    'CSeq: 1 INVITE',
    'Contact: <sip:13800000000@198.51.100.7:5060>',
    'Allow: INVITE, ACK, CANCEL, BYE,, OPTIONS',
    'Date: Sat, 13 Nov 2010 23:29:00 GMT',
    'Content-Type: application/sdp',
    `Content-Length: ${sdpLength}`,
    '',
    ...sdp,
  ),
  /** §3.1.1.? unreason / noreason: a response with UTF-8 and with an empty reason phrase. */
  unreason: sip(
    'SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое',
    'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923',
    'Call-ID: unreason.1234ksdfak3j2erwedfsASdf',
    'CSeq: 35 INVITE',
    'From: sip:user@example.com;tag=11141343',
    'To: sip:user@example.edu;tag=2229',
    'Content-Length: 0',
    '',
    '',
  ),
  /** A 401 whose challenge holds commas: WWW-Authenticate must stay whole. */
  challenge: sip(
    'SIP/2.0 401 Unauthorized',
    'Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKreg1;rport=5060;received=192.0.2.5',
    'From: <sip:agent01@kefu.example.com>;tag=a1',
    'To: <sip:agent01@kefu.example.com>;tag=k9',
    'Call-ID: reg-1',
    'CSeq: 1 REGISTER',
    'WWW-Authenticate: Digest realm="kefu", nonce="a,b \\"c\\"", algorithm=SHA-256, qop="auth,auth-int"',
    'WWW-Authenticate: Digest realm="kefu", nonce="n2", algorithm=MD5, qop="auth"',
    'Content-Length: 0',
    '',
    '',
  ),
  /** REGISTER removing every binding: Contact * with Expires 0. */
  unregisterAll: sip(
    'REGISTER sip:kefu.example.com SIP/2.0',
    'Via: SIP/2.0/TCP 192.0.2.5:50000;branch=z9hG4bKu1',
    'From: <sip:agent01@kefu.example.com>;tag=u1',
    'To: <sip:agent01@kefu.example.com>',
    'Call-ID: unreg-1',
    'CSeq: 7 REGISTER',
    'Contact: *',
    'Expires: 0',
    'Content-Length: 0',
    '',
    '',
  ),
};

/** A well-formed INVITE the invalid cases below start from, one header changed each time. */
export function invite(replace: Record<string, string | null> = {}, opts: { startLine?: string; body?: string } = {}) {
  const body = opts.body ?? '';
  const base: [string, string][] = [
    ['Via', 'SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKbase'],
    ['From', '<sip:caller@example.com>;tag=f1'],
    ['To', '<sip:4008000000@kefu.example.com>'],
    ['Call-ID', 'base-call@192.0.2.9'],
    ['CSeq', '1 INVITE'],
    ['Max-Forwards', '70'],
    ['Content-Length', String(Buffer.byteLength(body))],
  ];
  const lines = [opts.startLine ?? 'INVITE sip:4008000000@kefu.example.com SIP/2.0'];
  for (const [name, value] of base) {
    const r = name in replace ? replace[name] : value;
    if (r !== null && r !== undefined) lines.push(`${name}: ${r}`);
  }
  for (const [name, value] of Object.entries(replace)) {
    if (!base.some(([n]) => n === name) && value !== null) lines.push(`${name}: ${value}`);
  }
  return sip(...lines, '', body);
}
