// Runs before `npm start` and `npm test` (plain Node, no dependencies): installs what a
// fresh machine lacks, or says exactly what to run when it cannot.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const PROGRAMS = [
  { command: 'chromium', package: 'chromium' },
  { command: 'firefox-esr', package: 'firefox-esr' },
  { command: 'certutil', package: 'libnss3-tools' },
  { command: 'openssl', package: 'openssl' },
  // The German language pack: the tests render the pages in Firefox in German too.
  {
    file: '/usr/lib/firefox-esr/browser/extensions/langpack-de@firefox-esr.mozilla.org.xpi',
    package: 'firefox-esr-l10n-de',
  },
];
const purpose = process.argv[2] ?? 'test';
const isRoot = process.getuid?.() === 0;

const onPath = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function fail(lines) {
  console.error(['', 'Cleartext Guard setup:', ...lines.map((l) => `  ${l}`), ''].join('\n'));
  process.exit(1);
}

const missing = PROGRAMS.filter((p) => (p.file ? !existsSync(p.file) : !onPath(p.command))).map((p) => p.package);
if (missing.length > 0) {
  const install = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (isRoot && onPath('apt-get')) {
    console.log(`Installing ${missing.join(', ')} from Debian's packages...`);
    execSync(install, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    fail([`Missing: ${missing.join(', ')}. Install them with:`, `  sudo ${install}`]);
  }
}

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('Installing npm packages (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

// Firefox resolves the lab's names to 127.0.0.1 on default ports only: the Firefox suite
// (and `npm start -- --firefox`) need ports 80 and 443.
const needsLowPorts = purpose === 'test' || process.argv.includes('--firefox');
if (needsLowPorts && !isRoot) {
  const canBind = await new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(80, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!canBind) {
    fail([
      'The Firefox lab listens on 127.0.0.1:80 and :443, which needs root or:',
      '  sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80',
    ]);
  }
}
