/**
 * This process's peak resident memory in bytes. On Linux it is VmHWM from /proc/self/status:
 * `process.resourceUsage().maxRSS` (getrusage) survives fork and exec, so a child started by a
 * large parent would report the parent's peak. Elsewhere, maxRSS.
 */
import { readFileSync } from 'node:fs';

export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
