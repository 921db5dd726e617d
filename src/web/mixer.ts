/**
 * The mixer: the solo and the generated stems as waveforms (wavesurfer.js), each
 * with a gain slider and mute / solo buttons. The remix is mixed live with the
 * Web Audio API (one GainNode per track) as the controls move, and can be
 * downloaded as a WAV mixed with the same gains at the model's sample rate.
 */
import WaveSurfer from 'wavesurfer.js';
import { api } from './api';
import { encodeWav16, parseWav, type MonoAudio } from './wav';

interface Track {
  name: string;
  audio: MonoAudio;
  gain: number;
  muted: boolean;
  soloed: boolean;
  node: GainNode | null;
  waveform: WaveSurfer;
  row: HTMLElement;
}

export class Mixer {
  private tracks: Track[] = [];
  private context: AudioContext | null = null;
  private sources: AudioBufferSourceNode[] = [];
  private startedAt = 0;
  private frame = 0;

  constructor(private readonly container: HTMLElement) {}

  /** Loads a finished remix job's tracks. */
  async load(jobId: string, trackNames: string[]): Promise<void> {
    this.stop();
    for (const t of this.tracks) t.waveform.destroy();
    this.tracks = [];
    this.container.replaceChildren();
    for (const name of trackNames) {
      const url = api.trackUrl(jobId, `${name}.wav`);
      const bytes = await (await fetch(url)).arrayBuffer();
      const audio = parseWav(bytes);
      const row = document.createElement('div');
      row.className = 'track';
      row.dataset['track'] = name;
      row.innerHTML = `
        <div class="track-head">
          <strong>${name}</strong>
          <label>gain <input type="range" min="0" max="2" step="0.01" value="1" aria-label="${name} gain" data-role="gain" /> <output>1.00</output></label>
          <button type="button" data-role="mute" aria-pressed="false">Mute</button>
          <button type="button" data-role="solo" aria-pressed="false">Solo</button>
        </div>
        <div class="waveform"></div>`;
      this.container.append(row);
      const waveform = WaveSurfer.create({
        container: row.querySelector<HTMLElement>('.waveform')!,
        height: 56,
        waveColor: '#7b8cde',
        progressColor: '#3949ab',
        cursorColor: '#c62828',
        normalize: true,
        interact: false,
        url,
      });
      waveform.on('ready', () => (row.dataset['waveform'] = 'ready'));
      const track: Track = { name, audio, gain: 1, muted: false, soloed: false, node: null, waveform, row };
      this.tracks.push(track);
      const slider = row.querySelector<HTMLInputElement>('[data-role=gain]')!;
      slider.addEventListener('input', () => {
        track.gain = Number(slider.value);
        row.querySelector('output')!.textContent = track.gain.toFixed(2);
        this.applyGains();
      });
      const toggle = (role: 'mute' | 'solo') => {
        const button = row.querySelector<HTMLButtonElement>(`[data-role=${role}]`)!;
        button.addEventListener('click', () => {
          if (role === 'mute') track.muted = !track.muted;
          else track.soloed = !track.soloed;
          button.setAttribute('aria-pressed', String(role === 'mute' ? track.muted : track.soloed));
          this.applyGains();
        });
      };
      toggle('mute');
      toggle('solo');
    }
    this.applyGains();
  }

  /** The gain a track contributes now: muted → 0; when any track is soloed, only soloed ones play. */
  effectiveGain(track: Track): number {
    const anySolo = this.tracks.some((t) => t.soloed);
    if (track.muted || (anySolo && !track.soloed)) return 0;
    return track.gain;
  }

  private applyGains(): void {
    for (const track of this.tracks) {
      const g = this.effectiveGain(track);
      track.row.classList.toggle('silent', g === 0);
      if (track.node && this.context) track.node.gain.setTargetAtTime(g, this.context.currentTime, 0.01);
    }
  }

  get playing(): boolean {
    return this.sources.length > 0;
  }

  play(): void {
    if (this.playing || this.tracks.length === 0) return;
    this.context ??= new AudioContext();
    const context = this.context;
    void context.resume();
    const master = context.createGain();
    master.gain.value = 0.8;
    master.connect(context.destination);
    this.startedAt = context.currentTime;
    for (const track of this.tracks) {
      const buffer = context.createBuffer(1, track.audio.samples.length, track.audio.sampleRate);
      buffer.copyToChannel(track.audio.samples, 0);
      const source = context.createBufferSource();
      source.buffer = buffer;
      track.node = context.createGain();
      track.node.gain.value = this.effectiveGain(track);
      source.connect(track.node).connect(master);
      source.start();
      source.onended = () => this.stop();
      this.sources.push(source);
    }
    const tick = () => {
      const t = context.currentTime - this.startedAt;
      for (const track of this.tracks) track.waveform.setTime(Math.min(t, track.waveform.getDuration()));
      if (this.playing) this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  stop(): void {
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        /* already stopped */
      }
    }
    this.sources = [];
    cancelAnimationFrame(this.frame);
    for (const track of this.tracks) {
      track.node = null;
      track.waveform.setTime(0);
    }
  }

  /** The mix with the current gains, peak-normalised only if it would clip. */
  mixdown(): MonoAudio {
    const length = Math.max(0, ...this.tracks.map((t) => t.audio.samples.length));
    const sampleRate = this.tracks[0]?.audio.sampleRate ?? 22050;
    const mix = new Float32Array(length);
    for (const track of this.tracks) {
      const g = this.effectiveGain(track);
      if (g === 0) continue;
      const samples = track.audio.samples;
      for (let i = 0; i < samples.length; i++) mix[i]! += g * samples[i]!;
    }
    let peak = 0;
    for (const v of mix) peak = Math.max(peak, Math.abs(v));
    if (peak > 0.999) for (let i = 0; i < mix.length; i++) mix[i]! *= 0.999 / peak;
    return { sampleRate, samples: mix };
  }

  download(fileName: string): void {
    const { samples, sampleRate } = this.mixdown();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(encodeWav16(samples, sampleRate));
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}
