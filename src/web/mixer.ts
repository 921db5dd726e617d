/**
 * The mixer: the recording and the generated stems as waveforms (wavesurfer.js, a
 * time ruler on top, click to seek, drag to loop a region), each with gain, pan,
 * mute, "only this" and a level meter. Playback is the Web Audio API: per track a
 * buffer source → gain → stereo panner → analyser → master. A/B switches between the
 * recording alone and the whole remix. The state of the audio graph is mirrored in
 * data attributes (for people's tools and the browser tests): #mixer[data-playing,
 * data-position, data-listen, data-loop-start, data-loop-end] and each
 * .track[data-effective-gain, data-pan, data-level].
 */
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/plugins/regions';
import TimelinePlugin from 'wavesurfer.js/plugins/timeline';
import { api, type RemixRecord } from './api';
import { INSTRUMENTS } from './gm-programs';
import { escape } from './escape';
import { gmProgramName } from '../score/gm-names';

export interface MixerTrack {
  name: string;
  buffer: AudioBuffer;
  gain: number;
  pan: number;
  muted: boolean;
  only: boolean;
  gainNode: GainNode | null;
  panNode: StereoPannerNode | null;
  analyser: AnalyserNode | null;
  source: AudioBufferSourceNode | null;
  waveform: WaveSurfer;
  row: HTMLElement;
}

export type Listen = 'remix' | 'solo';

export interface MixerCallbacks {
  /** Asks for a new variation of a stem (score models), with an instrument when one was picked. */
  onRegenerate?: (stem: string, program: number | null) => void;
  /** Asks for the same notes of a stem played on another instrument (score models). */
  onInstrument?: (stem: string, program: number) => void;
  /** The loop changed (dragged, set by keys, cleared). */
  onLoop?: (loop: { start: number; end: number } | null) => void;
}

export const formatTime = (t: number) => `${Math.floor(t / 60)}:${String(Math.floor(t % 60)).padStart(2, '0')}`;

export class Mixer {
  tracks: MixerTrack[] = [];
  record: RemixRecord | null = null;
  listen: Listen = 'remix';
  loop: { start: number; end: number } | null = null;
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private startedAt = 0;
  private offset = 0;
  private frame = 0;
  private regions: ReturnType<typeof RegionsPlugin.create> | null = null;
  playing = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly root: HTMLElement,
    private readonly callbacks: MixerCallbacks = {},
  ) {}

  get duration(): number {
    return this.tracks[0]?.buffer.duration ?? 0;
  }

  /** Loads a remix's tracks (keeping gains and pans of tracks that stay, for a regenerated stem). */
  async load(record: RemixRecord): Promise<void> {
    const kept = new Map(this.tracks.map((t) => [t.name, { gain: t.gain, pan: t.pan, muted: t.muted, only: t.only }]));
    const sameRemix = this.record?.id === record.id;
    this.stop();
    for (const t of this.tracks) t.waveform.destroy();
    this.tracks = [];
    this.container.replaceChildren();
    this.record = record;
    if (!sameRemix) this.loop = null;
    const rate = record.result?.sampleRate ?? 44100;
    if (!this.context || this.context.sampleRate !== rate) {
      await this.context?.close();
      this.context = new AudioContext({ sampleRate: rate });
      this.master = this.context.createGain();
      this.master.gain.value = 0.8;
      this.master.connect(this.context.destination);
    }
    const version = Date.now();
    for (const [index, name] of record.tracks.entries()) {
      const url = `${api.trackUrl(record.id, `${name}.wav`)}?v=${version}`;
      const bytes = await (await fetch(url)).arrayBuffer();
      const buffer = await this.context.decodeAudioData(bytes);
      const row = this.trackRow(record, name);
      this.container.append(row);
      const plugins = index === 0 ? [TimelinePlugin.create({ height: 16, timeInterval: 1, primaryLabelInterval: 5 })] : [];
      const waveform = WaveSurfer.create({
        container: row.querySelector<HTMLElement>('.waveform')!,
        height: 56,
        waveColor: index === 0 ? '#2e7d32' : '#7b8cde',
        progressColor: index === 0 ? '#1b5e20' : '#3949ab',
        cursorColor: '#c62828',
        normalize: true,
        interact: true,
        dragToSeek: false,
        peaks: [buffer.getChannelData(0)],
        duration: buffer.duration,
        plugins,
      });
      waveform.on('interaction', (time) => this.seek(time));
      waveform.on('ready', () => (row.dataset['waveform'] = 'ready'));
      const previous = kept.get(name);
      const track: MixerTrack = { name, buffer, gain: previous?.gain ?? 1, pan: previous?.pan ?? 0, muted: previous?.muted ?? false, only: previous?.only ?? false, gainNode: null, panNode: null, analyser: null, source: null, waveform, row };
      this.tracks.push(track);
      this.wireRow(track);
      if (index === 0) this.enableLoopSelection(waveform);
    }
    this.root.dataset['duration'] = this.duration.toFixed(3);
    this.applyGains();
    this.showPosition(0);
  }

  private trackRow(record: RemixRecord, name: string): HTMLElement {
    const row = document.createElement('div');
    row.className = 'track';
    row.dataset['track'] = name;
    const isSolo = name === 'solo';
    const label = isSolo ? `Your ${record.settings.instrument ?? 'solo'} (${record.fileName})` : name[0]!.toUpperCase() + name.slice(1);
    const instruments = !isSolo && record.playsNotes && name !== 'drums' ? INSTRUMENTS[name as keyof typeof INSTRUMENTS] : null;
    // What is playing: the program the remix used (older records: the one chosen, if any).
    const stem = name as keyof typeof record.settings.programs;
    const chosen = record.result?.programs?.[stem] ?? record.settings.programs[stem];
    const listed = instruments?.some(([p]) => p === chosen) ?? false;
    const first = chosen === undefined ? '<option value="">instrument…</option>' : listed ? '' : `<option value="${chosen}" selected>${escape(gmProgramName(chosen))}</option>`;
    row.innerHTML = `
      <div class="track-head">
        <strong title="${escape(label)}">${escape(label)}</strong>
        <label>gain <input type="range" min="0" max="2" step="0.01" value="1" aria-label="${name} gain" data-role="gain" /> <output data-role="gain-value">1.00</output></label>
        <label>pan <input type="range" min="-1" max="1" step="0.05" value="0" aria-label="${name} pan" data-role="pan" /></label>
        <button type="button" data-role="mute" aria-pressed="false" title="silence this track">Mute</button>
        <button type="button" data-role="only" aria-pressed="false" title="hear only this track">Only</button>
        <span class="meter" aria-label="${name} level"><span data-role="meter"></span></span>
        ${instruments ? `<select data-role="instrument" aria-label="${name} instrument" title="the same notes on another instrument">${first}${instruments.map(([p, n]) => `<option value="${p}"${chosen === p ? ' selected' : ''}>${escape(n)}</option>`).join('')}</select>` : ''}
        ${!isSolo && record.playsNotes ? `<button type="button" data-role="regenerate" title="draw a new variation of this stem; the others stay">New take</button>` : ''}
      </div>
      <div class="waveform"></div>`;
    return row;
  }

  private wireRow(track: MixerTrack): void {
    const { row } = track;
    const gain = row.querySelector<HTMLInputElement>('[data-role=gain]')!;
    const pan = row.querySelector<HTMLInputElement>('[data-role=pan]')!;
    gain.value = String(track.gain);
    pan.value = String(track.pan);
    row.querySelector('[data-role=gain-value]')!.textContent = track.gain.toFixed(2);
    gain.addEventListener('input', () => {
      track.gain = Number(gain.value);
      row.querySelector('[data-role=gain-value]')!.textContent = track.gain.toFixed(2);
      this.applyGains();
    });
    pan.addEventListener('input', () => {
      track.pan = Number(pan.value);
      this.applyGains();
    });
    for (const role of ['mute', 'only'] as const) {
      const button = row.querySelector<HTMLButtonElement>(`[data-role=${role}]`)!;
      button.setAttribute('aria-pressed', String(role === 'mute' ? track.muted : track.only));
      button.addEventListener('click', () => {
        if (role === 'mute') track.muted = !track.muted;
        else track.only = !track.only;
        button.setAttribute('aria-pressed', String(role === 'mute' ? track.muted : track.only));
        this.applyGains();
      });
    }
    const instrument = row.querySelector<HTMLSelectElement>('[data-role=instrument]');
    instrument?.addEventListener('change', () => {
      if (instrument.value !== '') this.callbacks.onInstrument?.(track.name, Number(instrument.value));
    });
    row.querySelector<HTMLButtonElement>('[data-role=regenerate]')?.addEventListener('click', () => {
      const instrument = row.querySelector<HTMLSelectElement>('[data-role=instrument]')?.value ?? '';
      this.callbacks.onRegenerate?.(track.name, instrument === '' ? null : Number(instrument));
    });
  }

  /** Drag on the recording's waveform to loop a region; a click elsewhere seeks. */
  private enableLoopSelection(waveform: WaveSurfer): void {
    this.regions = waveform.registerPlugin(RegionsPlugin.create());
    this.regions.enableDragSelection({ color: 'rgba(255, 193, 7, 0.25)' }, 8);
    this.regions.on('region-created', (region: Region) => {
      for (const other of this.regions!.getRegions()) if (other !== region) other.remove();
      this.setLoop({ start: region.start, end: region.end });
    });
    this.regions.on('region-updated', (region: Region) => this.setLoop({ start: region.start, end: region.end }));
    if (this.loop) this.regions.addRegion({ start: this.loop.start, end: this.loop.end, color: 'rgba(255, 193, 7, 0.25)' });
  }

  setLoop(loop: { start: number; end: number } | null): void {
    this.loop = loop && loop.end - loop.start > 0.05 ? loop : null;
    if (!this.loop) this.regions?.clearRegions();
    else if (this.regions) {
      // A loop set by keys is drawn too (a dragged one is already its region).
      const drawn = this.regions.getRegions();
      const same = drawn.length === 1 && Math.abs(drawn[0]!.start - this.loop.start) < 1e-3 && Math.abs(drawn[0]!.end - this.loop.end) < 1e-3;
      if (!same) {
        this.regions.clearRegions();
        this.regions.addRegion({ start: this.loop.start, end: this.loop.end, color: 'rgba(255, 193, 7, 0.25)' });
      }
    }
    this.root.dataset['loopStart'] = this.loop ? this.loop.start.toFixed(3) : '';
    this.root.dataset['loopEnd'] = this.loop ? this.loop.end.toFixed(3) : '';
    this.callbacks.onLoop?.(this.loop);
    if (this.playing) this.restart(this.loop ? this.loop.start : this.position());
  }

  /** The gain a track plays at: muted → 0; A/B on the recording → only it; with "only" pressed, only those. */
  effectiveGain(track: MixerTrack): number {
    if (this.listen === 'solo') return track.name === 'solo' ? track.gain : 0;
    const anyOnly = this.tracks.some((t) => t.only);
    if (track.muted || (anyOnly && !track.only)) return 0;
    return track.gain;
  }

  setListen(listen: Listen): void {
    this.listen = listen;
    this.root.dataset['listen'] = listen;
    this.applyGains();
  }

  private applyGains(): void {
    this.root.dataset['listen'] = this.listen;
    for (const track of this.tracks) {
      const g = this.effectiveGain(track);
      track.row.classList.toggle('silent', g === 0);
      track.row.dataset['effectiveGain'] = g.toFixed(3);
      track.row.dataset['pan'] = track.pan.toFixed(2);
      if (track.gainNode && this.context) track.gainNode.gain.setTargetAtTime(g, this.context.currentTime, 0.01);
      if (track.panNode && this.context) track.panNode.pan.setTargetAtTime(track.pan, this.context.currentTime, 0.01);
    }
  }

  position(): number {
    if (!this.playing || !this.context) return this.offset;
    const elapsed = this.context.currentTime - this.startedAt;
    const t = this.offset + elapsed;
    if (this.loop && t >= this.loop.start) return this.loop.start + ((t - this.loop.start) % (this.loop.end - this.loop.start));
    return Math.min(t, this.duration);
  }

  private showPosition(t: number): void {
    this.root.dataset['position'] = t.toFixed(3);
    const time = this.root.querySelector('[data-role=time]');
    if (time) time.textContent = `${formatTime(t)} / ${formatTime(this.duration)}`;
    for (const track of this.tracks) track.waveform.setTime(Math.min(t, track.waveform.getDuration() || t));
  }

  seek(time: number): void {
    const t = Math.max(0, Math.min(this.duration, time));
    if (this.playing) this.restart(t);
    else {
      this.offset = t;
      this.showPosition(t);
    }
  }

  play(): void {
    if (this.playing || this.tracks.length === 0 || !this.context) return;
    void this.context.resume();
    let from = this.offset >= this.duration - 0.01 ? 0 : this.offset;
    if (this.loop && (from < this.loop.start || from >= this.loop.end)) from = this.loop.start;
    this.startSources(from);
  }

  private startSources(from: number): void {
    const context = this.context!;
    this.offset = from;
    this.startedAt = context.currentTime;
    for (const track of this.tracks) {
      const source = context.createBufferSource();
      source.buffer = track.buffer;
      if (this.loop) {
        source.loop = true;
        source.loopStart = this.loop.start;
        source.loopEnd = this.loop.end;
      }
      track.gainNode = context.createGain();
      track.gainNode.gain.value = this.effectiveGain(track);
      track.panNode = context.createStereoPanner();
      track.panNode.pan.value = track.pan;
      track.analyser = context.createAnalyser();
      track.analyser.fftSize = 1024;
      source.connect(track.gainNode).connect(track.panNode).connect(track.analyser).connect(this.master!);
      source.start(0, from);
      if (!this.loop) source.onended = () => this.pause(true);
      track.source = source;
    }
    this.playing = true;
    this.root.dataset['playing'] = 'true';
    this.root.dataset['looping'] = this.loop ? 'true' : 'false';
    this.updateButton();
    const data = new Float32Array(1024);
    const tick = () => {
      if (!this.playing) return;
      this.showPosition(this.position());
      for (const track of this.tracks) {
        if (!track.analyser) continue;
        track.analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (const v of data) sum += v * v;
        const db = 10 * Math.log10(sum / data.length + 1e-12);
        track.row.dataset['level'] = db.toFixed(1);
        const meter = track.row.querySelector<HTMLElement>('[data-role=meter]');
        if (meter) meter.style.width = `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100))}%`;
      }
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  private stopSources(): void {
    for (const track of this.tracks) {
      if (track.source) {
        track.source.onended = null;
        try {
          track.source.stop();
        } catch {
          /* already stopped */
        }
      }
      track.source = null;
      track.gainNode = null;
      track.panNode = null;
      track.analyser = null;
    }
    cancelAnimationFrame(this.frame);
  }

  private restart(from: number): void {
    this.stopSources();
    this.startSources(from);
  }

  /** Pauses where it is (or, at the end, rewinds). */
  pause(ended = false): void {
    if (!this.playing) return;
    const at = ended ? 0 : this.position();
    this.stopSources();
    this.playing = false;
    this.offset = at;
    this.root.dataset['playing'] = 'false';
    this.showPosition(at);
    this.updateButton();
    // Nothing sounds: the meters fall to nothing (they kept the last level they showed).
    for (const track of this.tracks) {
      track.row.dataset['level'] = '-Infinity';
      const meter = track.row.querySelector<HTMLElement>('[data-role=meter]');
      if (meter) meter.style.width = '0%';
    }
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  stop(): void {
    this.pause();
    this.offset = 0;
    this.showPosition(0);
  }

  private updateButton(): void {
    const button = this.root.querySelector<HTMLButtonElement>('[data-role=play]');
    if (button) {
      button.textContent = this.playing ? 'Pause' : 'Play';
      button.setAttribute('aria-pressed', String(this.playing));
    }
  }
}
