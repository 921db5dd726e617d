/**
 * The DSP instruments of the synthetic dataset. Each renders events additively
 * into a mono Float32Array at `sampleRate`; parameters (a Timbre) vary per song.
 *
 * - drums: pitch-swept sine kick with a click; snare body plus filtered noise;
 *   high-passed noise hats with metallic partials; a long noise crash; swept toms.
 * - bass: band-limited saw/square through a resonant low-pass with a pluck envelope.
 * - piano: additive struck string (inharmonic partials, each with its own decay,
 *   two detuned strings per note, hammer noise, damper on release).
 * - other: a vibrato lead, a detuned-saw pad, or a plucked square arpeggio.
 */
import type { Random } from '../../random.js';
import { BiquadFilter, biquad, polyBlep, StateVariableFilter } from '../../dsp/filters.js';
import type { DrumHit, NoteEvent, OtherKind } from './score.js';

export interface Timbre {
  kick: { startHz: number; endHz: number; sweep: number; decay: number; click: number; drive: number };
  snare: { bodyHz: number; bodyDecay: number; noiseDecay: number; noiseHz: number; mix: number };
  hat: { cutoffHz: number; closedDecay: number; openDecay: number; metallic: number };
  bass: { wave: 'saw' | 'square'; cutoffHz: number; envelopeHz: number; decay: number; resonance: number };
  piano: { brightness: number; inharmonicity: number; sustain: number; detuneCents: number };
  other: { wave: 'saw' | 'square'; cutoffHz: number; vibratoHz: number; vibratoCents: number; attack: number; release: number; detuneCents: number };
}

export function drawTimbre(random: Random): Timbre {
  return {
    kick: { startHz: random.uniform(120, 180), endHz: random.uniform(42, 60), sweep: random.uniform(0.02, 0.05), decay: random.uniform(0.18, 0.4), click: random.uniform(0.1, 0.35), drive: random.uniform(1, 2.5) },
    snare: { bodyHz: random.uniform(160, 230), bodyDecay: random.uniform(0.04, 0.09), noiseDecay: random.uniform(0.05, 0.13), noiseHz: random.uniform(1200, 2500), mix: random.uniform(0.5, 0.8) },
    hat: { cutoffHz: random.uniform(6000, 8500), closedDecay: random.uniform(0.025, 0.06), openDecay: random.uniform(0.2, 0.4), metallic: random.uniform(0.1, 0.4) },
    bass: { wave: random.chance(0.6) ? 'saw' : 'square', cutoffHz: random.uniform(250, 600), envelopeHz: random.uniform(400, 2000), decay: random.uniform(0.08, 0.3), resonance: random.uniform(0.2, 0.6) },
    piano: { brightness: random.uniform(0.55, 0.8), inharmonicity: random.uniform(0.0001, 0.0006), sustain: random.uniform(0.8, 1.6), detuneCents: random.uniform(0.5, 2.5) },
    other: { wave: random.chance(0.5) ? 'saw' : 'square', cutoffHz: random.uniform(1500, 4500), vibratoHz: random.uniform(4.5, 6.5), vibratoCents: random.uniform(8, 25), attack: random.uniform(0.005, 0.03), release: random.uniform(0.05, 0.2), detuneCents: random.uniform(4, 12) },
  };
}

export const midiToHz = (pitch: number) => 440 * 2 ** ((pitch - 69) / 12);

/** Adds a noise burst shaped by an exponential decay, filtered by `filters`. */
function addNoise(out: Float32Array, start: number, length: number, gain: number, decay: number, sampleRate: number, random: Random, filters: BiquadFilter[]): void {
  const k = Math.exp(-1 / (decay * sampleRate));
  let env = gain;
  for (let i = 0; i < length && start + i < out.length; i++) {
    let x = random.next() * 2 - 1;
    for (const f of filters) x = f.processSample(x);
    out[start + i]! += x * env;
    env *= k;
  }
}

export function renderDrums(hits: DrumHit[], timbre: Timbre, sampleRate: number, length: number, random: Random): Float32Array {
  const out = new Float32Array(length);
  const { kick, snare, hat } = timbre;
  const metallicRatios = [1, 1.342, 1.2312, 1.6532, 1.9523, 2.1523];
  for (const hit of hits) {
    const start = Math.round(hit.start * sampleRate);
    const v = hit.velocity;
    switch (hit.kind) {
      case 'kick': {
        const n = Math.round(kick.decay * 5 * sampleRate);
        const sweepStep = Math.exp(-1 / (kick.sweep * sampleRate));
        const ampStep = Math.exp(-1 / (kick.decay * sampleRate));
        const drive = Math.tanh(kick.drive);
        let sweep = kick.startHz - kick.endHz;
        let amp = v;
        let phase = 0;
        for (let i = 0; i < n && start + i < length; i++) {
          phase += (2 * Math.PI * (kick.endHz + sweep)) / sampleRate;
          sweep *= sweepStep;
          out[start + i]! += (amp * Math.tanh(kick.drive * Math.sin(phase))) / drive;
          amp *= ampStep;
        }
        addNoise(out, start, Math.round(0.01 * sampleRate), v * kick.click, 0.003, sampleRate, random, [new BiquadFilter(biquad('lowpass', 3000, sampleRate))]);
        break;
      }
      case 'snare': {
        const n = Math.round(snare.noiseDecay * 6 * sampleRate);
        for (let i = 0; i < n && start + i < length; i++) {
          const t = i / sampleRate;
          const body = Math.sin(2 * Math.PI * snare.bodyHz * t) + 0.5 * Math.sin(2 * Math.PI * snare.bodyHz * 1.6 * t);
          out[start + i]! += v * (1 - snare.mix) * body * Math.exp(-t / snare.bodyDecay);
        }
        addNoise(out, start, n, v * snare.mix * 1.4, snare.noiseDecay, sampleRate, random, [
          new BiquadFilter(biquad('highpass', snare.noiseHz, sampleRate)),
          new BiquadFilter(biquad('peaking', 5000, sampleRate, 1, 4)),
        ]);
        break;
      }
      case 'hatClosed':
      case 'hatOpen': {
        const decay = hit.kind === 'hatClosed' ? hat.closedDecay : hat.openDecay;
        const n = Math.round(decay * 6 * sampleRate);
        const gain = v * (hit.kind === 'hatClosed' ? 0.35 : 0.3);
        const band = new BiquadFilter(biquad('highpass', hat.cutoffHz, sampleRate, 0.9));
        const metal = new Float32Array(Math.max(0, Math.min(n, length - start)));
        const phases = new Float64Array(metallicRatios.length);
        const increments = metallicRatios.map((r) => (330 * r) / sampleRate);
        for (let i = 0; i < metal.length; i++) {
          let s = 0;
          for (let j = 0; j < phases.length; j++) {
            s += phases[j]! < 0.5 ? 1 : -1;
            phases[j] = (phases[j]! + increments[j]!) % 1;
          }
          metal[i] = s / metallicRatios.length;
        }
        band.process(metal);
        const k = Math.exp(-1 / (decay * sampleRate));
        let env = gain * hat.metallic;
        for (let i = 0; i < metal.length; i++, env *= k) out[start + i]! += metal[i]! * env;
        addNoise(out, start, n, gain, decay, sampleRate, random, [new BiquadFilter(biquad('highpass', hat.cutoffHz, sampleRate, 0.7))]);
        break;
      }
      case 'crash':
        addNoise(out, start, Math.round(2.5 * sampleRate), v * 0.35, random.uniform(0.8, 1.4), sampleRate, random, [
          new BiquadFilter(biquad('highpass', 3500, sampleRate)),
          new BiquadFilter(biquad('peaking', 7000, sampleRate, 0.7, 3)),
        ]);
        break;
      case 'tom': {
        const base = hit.pitch ?? 110;
        const n = Math.round(0.6 * sampleRate);
        let phase = 0;
        for (let i = 0; i < n && start + i < length; i++) {
          const t = i / sampleRate;
          phase += (2 * Math.PI * base * (1 + 0.4 * Math.exp(-t / 0.03))) / sampleRate;
          out[start + i]! += v * 0.8 * Math.sin(phase) * Math.exp(-t / 0.18);
        }
        break;
      }
    }
  }
  return out;
}

/** Band-limited oscillator sample at phase in [0,1). */
function oscillator(wave: 'saw' | 'square', phase: number, increment: number): number {
  if (wave === 'saw') return 2 * phase - 1 - polyBlep(phase, increment);
  let s = phase < 0.5 ? 1 : -1;
  s += polyBlep(phase, increment);
  s -= polyBlep((phase + 0.5) % 1, increment);
  return s;
}

export function renderBass(notes: NoteEvent[], timbre: Timbre, sampleRate: number, length: number): Float32Array {
  const out = new Float32Array(length);
  const { bass } = timbre;
  const release = 0.03;
  for (const note of notes) {
    const start = Math.round(note.start * sampleRate);
    const n = Math.round((note.duration + release * 5) * sampleRate);
    const f = midiToHz(note.pitch);
    const inc = f / sampleRate;
    const filter = new StateVariableFilter(sampleRate, bass.resonance);
    const filterDecay = Math.exp(-16 / (bass.decay * sampleRate));
    const releaseStep = Math.exp(-1 / (release * sampleRate));
    const bodyStep = Math.exp(-1 / (0.4 * sampleRate));
    const noteOff = Math.round(note.duration * sampleRate);
    let sweep = bass.envelopeHz * note.velocity;
    let gate = 1;
    let body = 0.25;
    let phase = 0;
    for (let i = 0; i < n && start + i < length; i++) {
      if (i % 16 === 0) {
        filter.setCutoff(bass.cutoffHz + sweep);
        sweep *= filterDecay;
      }
      const attack = i < 0.004 * sampleRate ? i / (0.004 * sampleRate) : 1;
      if (i >= noteOff) gate *= releaseStep;
      const env = attack * gate * (0.75 + body);
      body *= bodyStep;
      const raw = oscillator(bass.wave, phase, inc) * 0.7 + 0.5 * Math.sin(2 * Math.PI * phase);
      out[start + i]! += note.velocity * env * filter.lowpass(raw);
      phase += inc;
      if (phase >= 1) phase -= 1;
    }
  }
  return out;
}

export function renderPiano(notes: NoteEvent[], timbre: Timbre, sampleRate: number, length: number, random: Random): Float32Array {
  const out = new Float32Array(length);
  const { piano } = timbre;
  const nyquist = sampleRate / 2;
  for (const note of notes) {
    const start = Math.round(note.start * sampleRate);
    const f0 = midiToHz(note.pitch);
    const baseDecay = piano.sustain * 2.2 * Math.sqrt(261.6 / f0);
    const releaseTime = 0.12;
    const end = Math.min(length, start + Math.round((note.duration + releaseTime * 6) * sampleRate));
    const noteOff = start + Math.round(note.duration * sampleRate);
    const brightness = piano.brightness * (0.6 + 0.4 * note.velocity);
    for (let string = 0; string < 2; string++) {
      const detune = 2 ** (((string === 0 ? -1 : 1) * piano.detuneCents) / 1200);
      for (let k = 1; k <= 12; k++) {
        const f = k * f0 * detune * Math.sqrt(1 + piano.inharmonicity * k * k);
        if (f > nyquist * 0.9) break;
        const amp = (0.5 * note.velocity * brightness ** (k - 1)) / k ** 0.7;
        const decay = baseDecay / (1 + 0.45 * (k - 1));
        const w = (2 * Math.PI * f) / sampleRate;
        const c = 2 * Math.cos(w);
        const phase0 = random.next() * 2 * Math.PI;
        let s1 = Math.sin(phase0 - w);
        let s2 = Math.sin(phase0 - 2 * w);
        let env = amp;
        const sustainStep = Math.exp(-1 / (decay * sampleRate));
        const releaseStep = Math.exp(-1 / (Math.min(decay, releaseTime) * sampleRate));
        for (let i = start; i < end; i++) {
          const s = c * s1 - s2;
          s2 = s1;
          s1 = s;
          const attack = i - start < 40 ? (i - start) / 40 : 1;
          out[i]! += s * env * attack;
          env *= i < noteOff ? sustainStep : releaseStep;
        }
      }
    }
    // Hammer: a short band-passed noise thump.
    addNoise(out, start, Math.round(0.02 * sampleRate), 0.08 * note.velocity, 0.004, sampleRate, random, [new BiquadFilter(biquad('bandpass', Math.min(f0 * 4, 4000), sampleRate, 1))]);
  }
  return out;
}

export function renderOther(notes: NoteEvent[], kind: OtherKind, timbre: Timbre, sampleRate: number, length: number): Float32Array {
  const out = new Float32Array(length);
  const o = timbre.other;
  const attack = kind === 'pad' ? 0.35 : kind === 'pluck-arpeggio' ? 0.002 : o.attack;
  const release = kind === 'pad' ? 0.6 : kind === 'pluck-arpeggio' ? 0.05 : o.release;
  const wave = kind === 'pluck-arpeggio' ? 'square' : kind === 'pad' ? 'saw' : o.wave;
  const detunes = kind === 'pad' ? [-o.detuneCents, 0, o.detuneCents] : [0];
  const attackSamples = attack * sampleRate;
  const releaseStep = Math.exp(-1 / (release * sampleRate));
  const pluckStep = Math.exp(-1 / (0.15 * sampleRate));
  const pluckFilterStep = Math.exp(-16 / (0.06 * sampleRate));
  for (const note of notes) {
    const start = Math.round(note.start * sampleRate);
    const f = midiToHz(note.pitch);
    const n = Math.round((note.duration + release * 5) * sampleRate);
    const noteOff = Math.round(note.duration * sampleRate);
    const filter = new StateVariableFilter(sampleRate, kind === 'pluck-arpeggio' ? 0.5 : 0.3);
    filter.setCutoff(kind === 'pad' ? o.cutoffHz * 0.5 : o.cutoffHz);
    const phases = detunes.map((_, i) => (i * 0.37) % 1);
    const increments = detunes.map((cents) => (f * 2 ** (cents / 1200)) / sampleRate);
    let gate = 1;
    let pluck = 1;
    let pluckSweep = 3500;
    for (let i = 0; i < n && start + i < length; i++) {
      if (i >= noteOff) gate *= releaseStep;
      let vibrato = 1;
      if (kind === 'lead' && i % 16 === 0) {
        const t = i / sampleRate;
        vibrato = 2 ** ((o.vibratoCents * Math.sin(2 * Math.PI * o.vibratoHz * t) * Math.min(1, t / 0.3)) / 1200);
        for (let v = 0; v < increments.length; v++) increments[v] = (f * vibrato) / sampleRate;
      }
      if (kind === 'pluck-arpeggio' && i % 16 === 0) {
        filter.setCutoff(800 + pluckSweep);
        pluckSweep *= pluckFilterStep;
      }
      let raw = 0;
      for (let v = 0; v < phases.length; v++) {
        raw += oscillator(wave, phases[v]!, increments[v]!);
        let p = phases[v]! + increments[v]!;
        if (p >= 1) p -= 1;
        phases[v] = p;
      }
      raw /= phases.length;
      const env = (i < attackSamples ? i / attackSamples : 1) * gate * (kind === 'pluck-arpeggio' ? pluck : 1);
      pluck *= pluckStep;
      out[start + i]! += note.velocity * env * filter.lowpass(raw);
    }
  }
  return out;
}
