/** Download names, written once for the server's attachments and the page's own downloads. Pure (the web client imports it). */
import type { RemixRecord } from './api-types.js';

/** "my song.flac" + model "default" → "my_song-remix-default". */
export function downloadBase(record: Pick<RemixRecord, 'fileName' | 'model'>): string {
  const dot = record.fileName.lastIndexOf('.');
  const stem = dot > 0 ? record.fileName.slice(0, dot) : record.fileName;
  const solo = stem.replace(/[^\w-]+/g, '_') || 'solo';
  return `${solo}-remix-${record.model}`;
}
