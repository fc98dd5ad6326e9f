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

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A new key and a certificate for `names`, signed by the lab CA in `dir`. */
function signedByLabCa(dir: string, file: string, names: string[]): KeyAndCert {
  const altNames = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  writeFileSync(
    path.join(dir, `${file}.ext`),
    [
      `subjectAltName=${altNames}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  openssl(
    ['req', ...EC_KEY, '-keyout', `${file}.key`, '-out', `${file}.csr`, '-subj', `/CN=${names[0] ?? 'localhost'}`],
    dir,
  );
  const sign = ['x509', '-req', '-in', `${file}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'];
  openssl([...sign, '-out', `${file}.pem`, '-days', '2', '-extfile', `${file}.ext`], dir);
  return read(dir, file);
}

function read(dir: string, file: string): KeyAndCert {
  return { key: readFileSync(path.join(dir, `${file}.key`)), cert: readFileSync(path.join(dir, `${file}.pem`)) };
}

/**
 * Makes a CA and the lab's certificates with openssl, at test time: a leaf for every lab
 * host, one for another name, and a self-signed one. Only the CA is trusted by the
 * browsers (Firefox refuses a CA certificate used as a leaf).
 */
export function createLabCertificates(dir: string, hosts: string[]): LabCertificates {
  mkdirSync(dir, { recursive: true });
  const ca = ['-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', '/CN=Cleartext Guard Lab CA (throwaway)'];
  const caExtensions = [
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ];
  openssl(['req', '-x509', ...EC_KEY, ...ca, ...caExtensions], dir);
  const leaf = signedByLabCa(dir, 'leaf', [...hosts, 'localhost', '127.0.0.1']);
  const wrongName = signedByLabCa(dir, 'other', ['elsewhere.test']);
  const self = ['-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=untrusted.test'];
  openssl(['req', '-x509', ...EC_KEY, ...self, '-addext', 'subjectAltName=DNS:untrusted.test'], dir);
  return { caPemPath: path.join(dir, 'ca.pem'), ...leaf, wrongName, untrusted: read(dir, 'self') };
}

/** Creates an NSS database in `dir` (a Chromium $HOME/.pki/nssdb or a Firefox profile) trusting the CA. */
export function trustCaInNssDb(dir: string, caPemPath: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${dir}`, '-N', '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-d', `sql:${dir}`, '-A', '-t', 'C,,', '-n', 'cleartext-guard-lab-ca', '-i', caPemPath], {
    stdio: 'pipe',
  });
}
