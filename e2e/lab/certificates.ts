import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface KeyAndCert {
  key: Buffer;
  cert: Buffer;
}

export interface LabCertificates extends KeyAndCert {
  /** PEM of the throwaway CA the browsers are told to trust. */
  caPemPath: string;
  /** Signed by the lab CA, but only for another name. */
  wrongName: KeyAndCert;
  /** Self-signed: no trusted issuer. */
  untrusted: KeyAndCert;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Makes a CA and a leaf certificate for the given hosts with openssl, at test time. Only
 * the CA is trusted by the browsers: Firefox refuses a CA certificate used as a leaf.
 */
export function createLabCertificates(dir: string, hosts: string[]): LabCertificates {
  mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3',
      '-subj',
      '/CN=Cleartext Guard Lab CA (throwaway)',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const altNames = [...hosts.map((h) => `DNS:${h}`), 'DNS:localhost', 'IP:127.0.0.1'].join(',');
  writeFileSync(
    path.join(dir, 'leaf.ext'),
    [
      `subjectAltName=${altNames}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  openssl(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${hosts[0] ?? 'localhost'}`], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.pem',
      '-days',
      '2',
      '-extfile',
      'leaf.ext',
    ],
    dir,
  );
  writeFileSync(path.join(dir, 'other.ext'), 'subjectAltName=DNS:elsewhere.test\nextendedKeyUsage=serverAuth');
  openssl(['req', ...ec, '-keyout', 'other.key', '-out', 'other.csr', '-subj', '/CN=elsewhere.test'], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'other.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'other.pem',
      '-days',
      '2',
      '-extfile',
      'other.ext',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'self.key',
      '-out',
      'self.pem',
      '-days',
      '2',
      '-subj',
      '/CN=untrusted.test',
      '-addext',
      'subjectAltName=DNS:untrusted.test',
    ],
    dir,
  );
  const pair = (name: string): KeyAndCert => ({
    key: readFileSync(path.join(dir, `${name}.key`)),
    cert: readFileSync(path.join(dir, `${name}.pem`)),
  });
  return { caPemPath: path.join(dir, 'ca.pem'), ...pair('leaf'), wrongName: pair('other'), untrusted: pair('self') };
}

/** Creates an NSS database in `dir` (a Chromium $HOME/.pki/nssdb or a Firefox profile) trusting the CA. */
export function trustCaInNssDb(dir: string, caPemPath: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${dir}`, '-N', '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-d', `sql:${dir}`, '-A', '-t', 'C,,', '-n', 'cleartext-guard-lab-ca', '-i', caPemPath], {
    stdio: 'pipe',
  });
}
