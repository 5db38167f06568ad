// Independent-oracle test for camd's ML-KEM-768 and ML-DSA-65: @noble/post-quantum (pinned in
// package-lock.json; install with scripts/install-oracle.sh) against pq_oracle_peer, which runs
// our implementation behind a JSON-lines pipe. Byte-for-byte agreement on key generation,
// encapsulation, decapsulation (including implicit rejection of a tampered ciphertext),
// deterministic and given-rnd signing, verification of each other's signatures and rejection of
// tampered ones, plus a CCTV-style accumulated ML-KEM run computed on both sides.
//
// Run: CAM_BIN_DIR=<build>/bin node --test tests/oracle/oracle.test.mjs (ctest: pq_oracle).
// CAM_ORACLE_CASES overrides the number of random cases per operation (default 1000).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CASES = Number(process.env.CAM_ORACLE_CASES ?? 1000);
const ACCUMULATE_ITERATIONS = 1000;
const binDir = process.env.CAM_BIN_DIR ?? resolve(here, '../../build/bin');
const peerPath = process.env.PQ_ORACLE_PEER ?? join(binDir, 'pq_oracle_peer');
const depsInstalled =
  existsSync(join(here, 'node_modules/@noble/post-quantum/package.json')) &&
  existsSync(join(here, 'node_modules/@noble/hashes/package.json'));

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'));
const random = (n) => new Uint8Array(randomBytes(n));

// flipBit returns a copy of `bytes` with one random bit changed.
function flipBit(bytes) {
  const out = Uint8Array.from(bytes);
  const i = randomInt(out.length * 8);
  out[i >> 3] ^= 1 << (i & 7);
  return out;
}

// Peer speaks to pq_oracle_peer: every call writes one request line; answers come back in
// order and are matched by id, so a whole batch is written before any answer is awaited.
class Peer {
  constructor(path) {
    this.pending = new Map();
    this.nextId = 1;
    this.proc = spawn(path, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const answer = JSON.parse(line);
      const waiter = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (!waiter) throw new Error(`unexpected answer from peer: ${line.slice(0, 200)}`);
      if (answer.ok) waiter.resolve(answer);
      else waiter.reject(new Error(`peer refused ${waiter.op}: ${answer.error}`));
    });
    this.proc.on('exit', (code) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`pq_oracle_peer exited (${code}) with requests pending`));
      }
      this.pending.clear();
    });
  }

  call(op, fields) {
    const id = this.nextId++;
    return new Promise((resolveCall, rejectCall) => {
      this.pending.set(id, { resolve: resolveCall, reject: rejectCall, op });
      this.proc.stdin.write(JSON.stringify({ id, op, ...fields }) + '\n');
    });
  }

  batch(op, requests) {
    return Promise.all(requests.map((fields) => this.call(op, fields)));
  }

  close() {
    this.proc.stdin.end();
  }
}

// timed runs `body` and reports how long it took as a test diagnostic.
async function timed(t, label, body) {
  const start = performance.now();
  const result = await body();
  t.diagnostic(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
}

if (!depsInstalled) {
  test('oracle dependencies are installed', () => {
    assert.fail(
      `tests/oracle/node_modules is missing @noble/post-quantum: run scripts/install-oracle.sh ` +
        `(npm ci --prefix tests/oracle) before this test`,
    );
  });
} else if (!existsSync(peerPath)) {
  test('pq_oracle_peer is built', () => {
    assert.fail(`no peer binary at ${peerPath}: build target pq_oracle_peer and set CAM_BIN_DIR`);
  });
} else {
  const { ml_kem768 } = await import('@noble/post-quantum/ml-kem.js');
  const { ml_dsa65 } = await import('@noble/post-quantum/ml-dsa.js');
  const { shake128 } = await import('@noble/hashes/sha3.js');

  assert.ok(CASES >= 1, 'CAM_ORACLE_CASES must be positive');
  const peer = new Peer(peerPath);
  after(() => peer.close());

  // Shared across the tests below, which run in order: keys from the keygen tests are used by
  // the encaps/decaps and sign/verify tests.
  const kem = [];
  const dsa = [];

  test(`ML-KEM-768 keygen agrees on ${CASES} random seeds`, async (t) => {
    const seeds = Array.from({ length: CASES }, () => random(64));
    const ours = await timed(t, 'ours', () =>
      peer.batch('mlkem_keygen', seeds.map((s) => ({ seed: hex(s) }))));
    await timed(t, 'noble', () => {
      seeds.forEach((seed, i) => {
        const { publicKey, secretKey } = ml_kem768.keygen(seed);
        assert.equal(ours[i].ek, hex(publicKey), `ek differs for seed ${hex(seed)}`);
        assert.equal(ours[i].dk, hex(secretKey), `dk differs for seed ${hex(seed)}`);
        kem.push({ ek: publicKey, dk: secretKey });
      });
    });
  });

  test(`ML-KEM-768 encaps with given m agrees on ${CASES} keys`, async (t) => {
    assert.equal(kem.length, CASES, 'keygen test did not complete');
    const ms = kem.map(() => random(32));
    const ours = await timed(t, 'ours', () =>
      peer.batch('mlkem_encaps', kem.map((k, i) => ({ ek: hex(k.ek), m: hex(ms[i]) }))));
    kem.forEach((k, i) => {
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(k.ek, ms[i]);
      assert.equal(ours[i].ct, hex(cipherText), `ct differs for m ${hex(ms[i])}`);
      assert.equal(ours[i].ss, hex(sharedSecret), `ss differs for m ${hex(ms[i])}`);
      k.ct = cipherText;
      k.ss = sharedSecret;
    });
  });

  test(`ML-KEM-768 decaps agrees on ${CASES} valid and ${CASES} tampered ciphertexts`, async (t) => {
    assert.equal(kem.length, CASES);
    const tampered = kem.map((k) => flipBit(k.ct));
    const ours = await timed(t, 'ours', () =>
      peer.batch('mlkem_decaps', kem.map((k) => ({ dk: hex(k.dk), ct: hex(k.ct) }))));
    const oursRejected = await timed(t, 'ours (tampered)', () =>
      peer.batch('mlkem_decaps', kem.map((k, i) => ({ dk: hex(k.dk), ct: hex(tampered[i]) }))));
    kem.forEach((k, i) => {
      assert.equal(ours[i].ss, hex(k.ss), 'decapsulation does not give the encapsulated key');
      assert.equal(hex(ml_kem768.decapsulate(k.ct, k.dk)), hex(k.ss));
      // Implicit rejection: both derive the same J(z || c'), unrelated to the real key.
      const nobleRejected = ml_kem768.decapsulate(tampered[i], k.dk);
      assert.equal(oursRejected[i].ss, hex(nobleRejected), 'implicit-rejection keys differ');
      assert.notEqual(oursRejected[i].ss, hex(k.ss), 'tampered ciphertext gave the real key');
    });
  });

  test(`ML-KEM-768 accumulated test (${ACCUMULATE_ITERATIONS} iterations) agrees`, async (t) => {
    // The procedure is defined in pq_oracle_peer.cc (AccumulateMlKem); this is noble's side.
    const ours = await timed(t, 'ours', () =>
      peer.call('mlkem_accumulate', { iterations: ACCUMULATE_ITERATIONS }));
    const digest = await timed(t, 'noble', () => {
      const stream = shake128.create();
      stream.update(new Uint8Array(0));
      const acc = shake128.create();
      for (let i = 0; i < ACCUMULATE_ITERATIONS; i++) {
        const seed = stream.xof(64);
        const m = stream.xof(32);
        const ctRandom = stream.xof(1088);
        const { publicKey, secretKey } = ml_kem768.keygen(seed);
        const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey, m);
        assert.equal(hex(ml_kem768.decapsulate(cipherText, secretKey)), hex(sharedSecret));
        const rejected = ml_kem768.decapsulate(ctRandom, secretKey);
        for (const part of [publicKey, secretKey, cipherText, sharedSecret, rejected]) {
          acc.update(part);
        }
      }
      return hex(acc.xof(32));
    });
    t.diagnostic(`digest ${digest}`);
    assert.equal(ours.digest, digest);
  });

  test(`ML-DSA-65 keygen agrees on ${CASES} random seeds`, async (t) => {
    const seeds = Array.from({ length: CASES }, () => random(32));
    const ours = await timed(t, 'ours', () =>
      peer.batch('mldsa_keygen', seeds.map((xi) => ({ xi: hex(xi) }))));
    await timed(t, 'noble', () => {
      seeds.forEach((xi, i) => {
        const { publicKey, secretKey } = ml_dsa65.keygen(xi);
        assert.equal(ours[i].pk, hex(publicKey), `pk differs for xi ${hex(xi)}`);
        assert.equal(ours[i].sk, hex(secretKey), `sk differs for xi ${hex(xi)}`);
        dsa.push({ pk: publicKey, sk: secretKey });
      });
    });
  });

  // Random messages of 0..512 bytes and contexts of 0..255 bytes, a quarter of them empty.
  const message = () => random(randomInt(513));
  const context = () => (randomInt(4) === 0 ? new Uint8Array(0) : random(randomInt(256)));

  test(`ML-DSA-65 deterministic signatures agree on ${CASES} messages`, async (t) => {
    assert.equal(dsa.length, CASES, 'keygen test did not complete');
    dsa.forEach((k) => {
      k.msg = message();
      k.ctx = context();
    });
    const ours = await timed(t, 'ours', () =>
      peer.batch('mldsa_sign_det', dsa.map((k) => ({ sk: hex(k.sk), msg: hex(k.msg), ctx: hex(k.ctx) }))));
    await timed(t, 'noble', () => {
      dsa.forEach((k, i) => {
        const sig = ml_dsa65.sign(k.msg, k.sk, { context: k.ctx, extraEntropy: false });
        assert.equal(ours[i].sig, hex(sig), `deterministic signature differs (case ${i})`);
        k.ourSig = unhex(ours[i].sig);
      });
    });
  });

  test(`ML-DSA-65 hedged signatures with a given rnd agree on ${CASES} messages`, async (t) => {
    assert.equal(dsa.length, CASES);
    dsa.forEach((k) => {
      k.rnd = random(32);
    });
    const ours = await timed(t, 'ours', () =>
      peer.batch('mldsa_sign_rnd', dsa.map((k) => ({
        sk: hex(k.sk), msg: hex(k.msg), ctx: hex(k.ctx), rnd: hex(k.rnd),
      }))));
    await timed(t, 'noble', () => {
      dsa.forEach((k, i) => {
        k.nobleSig = ml_dsa65.sign(k.msg, k.sk, { context: k.ctx, extraEntropy: k.rnd });
        assert.equal(ours[i].sig, hex(k.nobleSig), `signature with rnd differs (case ${i})`);
      });
    });
  });

  test(`ML-DSA-65 each verifies the other's signatures and both reject ${CASES} tampered ones`, async (t) => {
    assert.equal(dsa.length, CASES);
    const tampered = dsa.map((k) => flipBit(k.nobleSig));
    // Ours verifies noble's hedged signatures (not the bytes we produced ourselves).
    const oursValid = await timed(t, 'ours verify', () =>
      peer.batch('mldsa_verify', dsa.map((k) => ({
        pk: hex(k.pk), msg: hex(k.msg), ctx: hex(k.ctx), sig: hex(k.nobleSig),
      }))));
    const oursTampered = await timed(t, 'ours verify (tampered)', () =>
      peer.batch('mldsa_verify', dsa.map((k, i) => ({
        pk: hex(k.pk), msg: hex(k.msg), ctx: hex(k.ctx), sig: hex(tampered[i]),
      }))));
    await timed(t, 'noble verify', () => {
      dsa.forEach((k, i) => {
        assert.equal(oursValid[i].valid, true, `ours rejects noble's signature (case ${i})`);
        assert.equal(oursTampered[i].valid, false, `ours accepts a tampered signature (case ${i})`);
        assert.equal(ml_dsa65.verify(k.ourSig, k.msg, k.pk, { context: k.ctx }), true,
          `noble rejects our signature (case ${i})`);
        assert.equal(ml_dsa65.verify(tampered[i], k.msg, k.pk, { context: k.ctx }), false,
          `noble accepts a tampered signature (case ${i})`);
      });
    });
  });
}
