/** The audio formats Remixer reads, told apart by their first bytes. */
export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg';
export const SUPPORTED_FORMATS: readonly AudioFormat[] = ['wav', 'mp3', 'flac', 'ogg'];
export const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.flac', '.ogg', '.oga'];

/** The format of a file by its first bytes, or null when unknown. */
export function detectFormat(bytes: Uint8Array): AudioFormat | null {
  const ascii = (offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (bytes.length >= 4 && ascii(0, 4) === 'fLaC') return 'flac';
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (bytes.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) !== 0) return 'mp3';
  return null;
}

