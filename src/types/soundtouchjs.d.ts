/** The part of soundtouchjs (SoundTouch's JavaScript port) Remixer uses: interleaved stereo in, interleaved stereo out. */
declare module 'soundtouchjs' {
  export class FifoSampleBuffer {
    readonly frameCount: number;
    putSamples(samples: Float32Array, position?: number, numFrames?: number): void;
    receiveSamples(output: Float32Array, numFrames?: number): void;
  }
  export class Stretch {
    setParameters(sampleRate: number, sequenceMs: number, seekWindowMs: number, overlapMs: number): void;
  }
  export class SoundTouch {
    readonly stretch: Stretch;
    readonly inputBuffer: FifoSampleBuffer;
    readonly outputBuffer: FifoSampleBuffer;
    pitchSemitones: number;
    tempo: number;
    process(): void;
  }
}
