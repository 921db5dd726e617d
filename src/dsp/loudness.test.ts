import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { integratedLoudness, LoudnessMeter } from './loudness.js';
import { Random } from '../random.js';
import { tempDir } from '../testing/fixtures.js';

/** Reference values from the ebur128 Rust crate (libebur128's port), compiled to wasm. */
function referenceLoudness(files: { path: string; rate: number }[]): number[] {
  const script = `
    import { ebur128_integrated_mono } from 'ebur128-wasm/ebur128_wasm.js';
    import { readFileSync } from 'node:fs';
    const files = JSON.parse(process.argv[1]);
    console.log(JSON.stringify(files.map(({ path, rate }) => {
      const bytes = readFileSync(path);
      return ebur128_integrated_mono(rate, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    })));`;
  const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', '--input-type=module', '-e', script, JSON.stringify(files)], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as number[];
}

function signals(rate: number): Record<string, Float32Array> {
  const random = new Random(rate);
  const n = rate * 5;
  const sine = Float32Array.from({ length: n }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 997 * i) / rate));
  let b0 = 0, b1 = 0, b2 = 0;
  const pink = Float32Array.from({ length: n }, () => {
    const w = random.next() * 2 - 1;
    b0 = 0.99765 * b0 + w * 0.099046; b1 = 0.963 * b1 + w * 0.2965164; b2 = 0.57 * b2 + w * 1.0526913;
    return 0.05 * (b0 + b1 + b2 + w * 0.1848);
  });
  const gated = Float32Array.from({ length: n }, (_, i) => (Math.floor(i / rate) % 2 ? 0.5 * Math.sin(i * 0.05) : 0.002 * Math.sin(i * 0.05)));
  const bassy = Float32Array.from({ length: n }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 50 * i) / rate) + 0.05 * Math.sin((2 * Math.PI * 3000 * i) / rate));
  return { sine, pink, gated, bassy };
}

test('integrated loudness agrees with the ebur128 reference within 0.1 LU at 22.05, 44.1 and 48 kHz', async () => {
  const dir = await tempDir();
  const cases: { name: string; rate: number; path: string; ours: number }[] = [];
  for (const rate of [22050, 44100, 48000]) {
    for (const [name, samples] of Object.entries(signals(rate))) {
      const path = join(dir, `${name}-${rate}.f32`);
      await fs.writeFile(path, new Uint8Array(samples.buffer));
      cases.push({ name, rate, path, ours: integratedLoudness(samples, rate) });
    }
  }
  const reference = referenceLoudness(cases);
  cases.forEach((c, i) => {
    assert.ok(Math.abs(c.ours - reference[i]!) < 0.1, `${c.name} at ${c.rate} Hz: ${c.ours.toFixed(3)} vs reference ${reference[i]!.toFixed(3)}`);
  });
  const sine48 = cases.find((c) => c.name === 'sine' && c.rate === 48000)!;
  assert.ok(Math.abs(sine48.ours - -23.01) < 0.02, `a -20 dBFS 997 Hz sine reads -23 LUFS at 48 kHz (got ${sine48.ours})`);
});

test('streaming in blocks gives the same result as one call; silence is -Infinity', () => {
  const samples = signals(22050)['pink']!;
  const meter = new LoudnessMeter(22050);
  for (let i = 0; i < samples.length; i += 1234) meter.push(samples.subarray(i, i + 1234));
  assert.ok(Math.abs(meter.integrated() - integratedLoudness(samples, 22050)) < 1e-9);
  assert.equal(integratedLoudness(new Float32Array(22050 * 2), 22050), -Infinity);
});
