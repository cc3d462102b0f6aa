import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scrypt,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject, ScryptOptions } from 'node:crypto';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { sha256Hex } from './hash';

/** scrypt cost: 2^15 × 8 × 1 takes ~0.1 s and 32 MiB, slow enough to make guessing expensive. */
export const DEFAULT_KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;
export type KdfParams = { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly keyLength: number };

/** A private key at rest: never the key itself, only what AES-256-GCM made of it. */
export type SealedKey = {
  readonly kdf: KdfParams;
  readonly salt: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
};

export type NewSigningKey = {
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly sealed: SealedKey;
};

const deriveKey = (passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 128 * kdf.N * kdf.r * 2 };
    scrypt(passphrase.normalize('NFC'), salt, kdf.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/** The raw 32-byte Ed25519 public key as hex (the SPKI DER ends with it). */
export const rawPublicKeyHex = (publicKey: KeyObject): string =>
  publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

/** First 16 hex digits of SHA-256 over the raw public key. */
export const fingerprintOf = (publicKeyHex: string): string => sha256Hex(Buffer.from(publicKeyHex, 'hex')).slice(0, 16);

/** Makes an Ed25519 key pair and seals the private half under the passphrase. */
export async function createSigningKey(passphrase: string, kdf: KdfParams = DEFAULT_KDF): Promise<NewSigningKey> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, kdf);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  pkcs8.fill(0);
  key.fill(0);
  const publicHex = rawPublicKeyHex(publicKey);
  return {
    publicKey: publicHex,
    fingerprint: fingerprintOf(publicHex),
    sealed: { kdf, salt, iv, tag: cipher.getAuthTag(), ciphertext },
  };
}

/** Opens a sealed key with the passphrase; a wrong passphrase is an expected failure. */
export async function unsealSigningKey(sealed: SealedKey, passphrase: string): Promise<Result<KeyObject>> {
  const key = await deriveKey(passphrase, sealed.salt, sealed.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
    decipher.setAuthTag(sealed.tag);
    const pkcs8 = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    pkcs8.fill(0);
    return ok(privateKey);
  } catch {
    return err('AUTH.BAD_PASSPHRASE', 'That passphrase does not unlock this profile. Check it and try again.');
  } finally {
    key.fill(0);
  }
}

/** Ed25519 signature over bytes, as base64. */
export const signBytes = (privateKey: KeyObject, data: Uint8Array): string =>
  sign(null, data, privateKey).toString('base64');

/** Checks an Ed25519 signature against a raw public key given as hex. */
export function verifySignature(publicKeyHex: string, data: Uint8Array, signatureBase64: string): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(null, data, publicKey, Buffer.from(signatureBase64, 'base64'));
}
