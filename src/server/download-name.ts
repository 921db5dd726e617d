/** Download names, written once for the server's attachments and the page's own downloads. Pure (the web client imports it). */
import type { RemixRecord } from './api-types.js';

/**
 * "my song.flac" + model "default" → "my_song-remix-default"; with the style the band
 * played, "my_song-remix-default-jazz-swing", so remixes of one solo in several styles never
 * share a name.
 */
export function downloadBase(record: Pick<RemixRecord, 'fileName' | 'model'> & { result?: { style?: string | null } | null }): string {
  const dot = record.fileName.lastIndexOf('.');
  const stem = dot > 0 ? record.fileName.slice(0, dot) : record.fileName;
  const solo = stem.replace(/[^\w-]+/g, '_') || 'solo';
  const style = record.result?.style ? `-${record.result.style.replace(/[^\w-]+/g, '_')}` : '';
  return `${solo}-remix-${record.model}${style}`;
}
