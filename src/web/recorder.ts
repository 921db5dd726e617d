/**
 * Recording a take in the page: the microphone (getUserMedia, with the browser's echo
 * cancellation, noise suppression and automatic gain off — a musician's instrument, not
 * a call), an optional count-in of one bar of clicks at a chosen tempo, and an input
 * level. Samples are captured through a ScriptProcessorNode (the simplest node that
 * hands samples to the page; the take is small) and kept per channel at the device's
 * rate; the take starts when the count-in ends.
 */
import { concat } from '../dsp/concat';

export interface Take {
  channels: Float32Array[];
  sampleRate: number;
}

export interface RecorderOptions {
  /** One bar of clicks before the take, at `bpm` (beats per bar: `beats`). */
  countIn: { bpm: number; beats: number } | null;
  /** The input level, in dBFS (RMS of the last buffer), as it changes. */
  onLevel: (db: number) => void;
  /** Seconds recorded so far (after the count-in), as it changes. */
  onTime: (seconds: number) => void;
}

const BUFFER = 4096;

export class Recorder {
  private context: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private chunks: Float32Array[][] = [];
  private takeStarts = 0;
  private recorded = 0;
  private processor: ScriptProcessorNode | null = null;

  async start(options: RecorderOptions): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    const context = (this.context = new AudioContext());
    await context.resume();
    const source = context.createMediaStreamSource(this.stream);
    const channels = Math.min(2, Math.max(1, source.channelCount));
    const processor = (this.processor = context.createScriptProcessor(BUFFER, channels, channels));
    this.chunks = Array.from({ length: channels }, () => []);
    this.recorded = 0;
    // The take starts after the count-in: one bar of clicks, the first one higher.
    const beat = options.countIn ? 60 / options.countIn.bpm : 0;
    const clicksFrom = context.currentTime + 0.1;
    if (options.countIn) {
      for (let b = 0; b < options.countIn.beats; b++) this.click(clicksFrom + b * beat, b === 0);
    }
    this.takeStarts = options.countIn ? clicksFrom + options.countIn.beats * beat : context.currentTime;
    processor.onaudioprocess = (event) => {
      const input = event.inputBuffer;
      let energy = 0;
      const first = input.getChannelData(0);
      for (let i = 0; i < first.length; i++) energy += first[i]! * first[i]!;
      options.onLevel(10 * Math.log10(energy / first.length + 1e-12));
      // Whatever of this buffer lies after the take's start is kept.
      const bufferStart = event.playbackTime;
      const skip = Math.max(0, Math.min(input.length, Math.round((this.takeStarts - bufferStart) * input.sampleRate)));
      if (skip >= input.length) return;
      for (let c = 0; c < channels; c++) this.chunks[c]!.push(input.getChannelData(Math.min(c, input.numberOfChannels - 1)).slice(skip));
      this.recorded += input.length - skip;
      options.onTime(this.recorded / input.sampleRate);
    };
    source.connect(processor);
    // A ScriptProcessorNode runs only while connected to the output; it writes silence there.
    processor.connect(context.destination);
  }

  private click(at: number, accent: boolean): void {
    const context = this.context!;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = accent ? 1500 : 1000;
    gain.gain.setValueAtTime(0.5, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.05);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.06);
  }

  /** Stops the microphone and returns the take (empty when nothing was recorded yet). */
  async stop(): Promise<Take> {
    const sampleRate = this.context?.sampleRate ?? 48000;
    // No buffer arrives after Stop (one in flight would light the meter again, or land in a take that is gone).
    if (this.processor) {
      this.processor.onaudioprocess = null;
      this.processor.disconnect();
      this.processor = null;
    }
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    await this.context?.close();
    this.context = null;
    this.stream = null;
    const channels = this.chunks.map((chunks) => (chunks.length ? concat(chunks) : new Float32Array(0)));
    this.chunks = [];
    return { channels, sampleRate };
  }
}
