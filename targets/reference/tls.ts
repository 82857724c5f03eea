/**
 * A throwaway self-signed certificate for serving the reference over HTTPS (`conformance serve --tls`), made with
 * node:crypto alone: no openssl binary, no dependency. Only what a TLS client needs to trust it is written: an X.509
 * v3 certificate (RFC 5280) with basicConstraints CA:TRUE (so it can be given to a client as its own trust anchor)
 * and subjectAltName for the names and addresses it serves, signed ECDSA P-256 / SHA-256.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

export interface SelfSigned {
  /** PEM of the certificate: hand it to clients as their CA (NODE_EXTRA_CA_CERTS, curl --cacert, `run --ca`). */
  cert: string;
  /** PEM (PKCS#8) of the private key: for the server only. */
  key: string;
  /** The DNS names and IP addresses the certificate is for. */
  names: string[];
}

/** The names every local certificate covers, whatever the host asked for. */
export const LOCAL_NAMES = ['127.0.0.1', '::1', 'localhost'];

// ---- DER (X.690), only the forms a certificate needs ------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

function oid(text: string): Buffer {
  const [a = 0, b = 0, ...rest] = text.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A non-negative INTEGER from big-endian bytes (minimal: no redundant leading zero, a zero before a high bit). */
function integer(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && (bytes[i + 1] ?? 0) < 0x80) i++;
  const trimmed = bytes.subarray(i);
  return tlv(0x02, (trimmed[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** UTCTime (YYMMDDHHMMSSZ); RFC 5280 section 4.1.2.5.1 wants it for years before 2050. */
function time(at: Date): Buffer {
  const iso = at.toISOString(); // 2024-06-01T12:00:00.000Z
  if (at.getUTCFullYear() >= 2050) return tlv(0x18, Buffer.from(iso.replace(/[-:T]|\.\d+/g, ''), 'ascii'));
  const text = iso.slice(2, 19).replace(/[-:T]/g, '') + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
};

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  // IPv6: expand '::', then eight 16-bit groups.
  const [head = '', tail] = address.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

/** GeneralName: dNSName [2] IA5String, or iPAddress [7] OCTET STRING. */
function generalName(name: string): Buffer {
  return isIP(name) !== 0 ? tlv(0x87, ipBytes(name)) : tlv(0x82, Buffer.from(name, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

/**
 * Host names a certificate can carry here: an IPv4 address, an IPv6 address in hex groups (not the dotted
 * IPv4-mapped form), or a DNS name of letters, digits, '-' and '.'.
 */
export function certifiableName(name: string): boolean {
  if (isIP(name) === 4) return true;
  if (isIP(name) === 6) return !name.includes('.') && !name.includes('%');
  return /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(name);
}

/**
 * Makes a key pair and a self-signed certificate for `hosts` (plus 127.0.0.1, ::1 and localhost), valid from an hour
 * ago (clock skew) for `days` days. Names that cannot go in a certificate (0.0.0.0 works: it is an IP) are skipped.
 */
export function selfSignedCertificate(hosts: string[] = [], days = 7, now: Date = new Date()): SelfSigned {
  const names = [...new Set([...LOCAL_NAMES, ...hosts.map((h) => h.replace(/^\[|\]$/g, ''))])].filter(certifiableName);
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const subject = sequence(set(sequence(oid(OID.commonName), tlv(0x0c, Buffer.from('conformance reference', 'utf8')))));
  const validity = sequence(time(new Date(now.getTime() - 3600_000)), time(new Date(now.getTime() + days * 86400_000)));
  const extensions = explicit(
    3,
    sequence(
      extension(OID.basicConstraints, true, sequence(tlv(0x01, Buffer.from([0xff])))),
      extension(OID.subjectAltName, false, sequence(...names.map(generalName))),
    ),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    subject,
    validity,
    subject,
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey); // ECDSA-Sig-Value in DER, as X.509 carries it
  const certificate = sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { cert: pem('CERTIFICATE', certificate), key, names };
}
