// Measures ML-KEM-768 and ML-DSA-65 throughput of two JavaScript libraries, one line per
// operation in bench_pq's format: `<library>.<algorithm>.<operation> ops_per_s=<n>`.
// Each operation runs for `--seconds` (default 1) after a short warm-up.
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { createMLKEM768, createMLDSA65 } from '@oqs/liboqs-js';
import { randomBytes } from 'node:crypto';

const secondsArg = process.argv.indexOf('--seconds');
const seconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 1;

function measure(name, op) {
  for (let i = 0; i < 3; i++) op();
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const start = performance.now();
  while (performance.now() < end) {
    op();
    count++;
  }
  const elapsed = (performance.now() - start) / 1000;
  console.log(`${name} ops_per_s=${Math.round(count / elapsed)}`);
}

const message = new Uint8Array(randomBytes(32));

{
  const keys = ml_kem768.keygen(new Uint8Array(randomBytes(64)));
  const { cipherText } = ml_kem768.encapsulate(keys.publicKey);
  measure('noble.mlkem768.keygen', () => ml_kem768.keygen(new Uint8Array(randomBytes(64))));
  measure('noble.mlkem768.encaps', () => ml_kem768.encapsulate(keys.publicKey));
  measure('noble.mlkem768.decaps', () => ml_kem768.decapsulate(cipherText, keys.secretKey));
  const dsa = ml_dsa65.keygen(new Uint8Array(randomBytes(32)));
  const sig = ml_dsa65.sign(message, dsa.secretKey);
  measure('noble.mldsa65.keygen', () => ml_dsa65.keygen(new Uint8Array(randomBytes(32))));
  measure('noble.mldsa65.sign', () => ml_dsa65.sign(message, dsa.secretKey));
  measure('noble.mldsa65.verify', () => ml_dsa65.verify(sig, message, dsa.publicKey));
}

{
  const kem = await createMLKEM768();
  const keys = kem.generateKeyPair();
  const { ciphertext } = kem.encapsulate(keys.publicKey);
  measure('liboqs-js.mlkem768.keygen', () => kem.generateKeyPair());
  measure('liboqs-js.mlkem768.encaps', () => kem.encapsulate(keys.publicKey));
  measure('liboqs-js.mlkem768.decaps', () => kem.decapsulate(ciphertext, keys.secretKey));
  kem.destroy();
  const dsa = await createMLDSA65();
  const pair = dsa.generateKeyPair();
  const sig = dsa.sign(message, pair.secretKey);
  measure('liboqs-js.mldsa65.keygen', () => dsa.generateKeyPair());
  measure('liboqs-js.mldsa65.sign', () => dsa.sign(message, pair.secretKey));
  measure('liboqs-js.mldsa65.verify', () => dsa.verify(message, sig, pair.publicKey));
  dsa.destroy();
}
