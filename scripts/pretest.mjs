// Before `npm test`: make sure the system tools the tests drive are present (Debian's chromium for
// the browser tests, CJK fonts for readable screenshots, sipp as a SIP phone), and that the web app
// is built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { bin: '/usr/bin/chromium', pkg: 'chromium', why: 'browser tests (e2e/)' },
  {
    bin: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    pkg: 'fonts-noto-cjk',
    why: 'Chinese text in screenshots',
  },
  { bin: '/usr/bin/sipp', pkg: 'sip-tester', why: 'sipp as an agent phone (e2e/sipp-register.test.ts)' },
  { bin: '/usr/bin/baresip', pkg: 'baresip-core', why: 'baresip as an agent phone (e2e/baresip-register.test.ts)' },
];
const missing = needs.filter((n) => !existsSync(n.bin));
if (missing.length) {
  const pkgs = missing.map((m) => m.pkg);
  if (process.getuid?.() === 0) {
    console.log(`Installing ${pkgs.join(', ')} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
      stdio: 'inherit',
      env,
    });
    if (update.status !== 0 || install.status !== 0) {
      console.error(`apt-get could not install ${pkgs.join(', ')}.`);
      process.exit(1);
    }
  } else {
    for (const m of missing)
      console.error(`Missing ${m.bin}: install the Debian package "${m.pkg}" (needed for ${m.why}).`);
    console.error(`As root: apt-get install -y ${pkgs.join(' ')}`);
    process.exit(1);
  }
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
