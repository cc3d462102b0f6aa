/**
 * Background threads give way to the window. Reading documents (OCR) and check runs keep a core busy
 * for seconds to minutes; on a laptop with two cores that core is one the window's renderer would
 * otherwise use, and scrolling stutters. A worker thread lowers its own CPU priority ("nice") at
 * start, so the scheduler runs the foreground first whenever both want a core and the background
 * thread loses nothing when the machine is idle.
 *
 * Only where the OS sets priority per thread: on Linux `setpriority(PRIO_PROCESS, 0, …)` applies to
 * the calling thread (and the threads it starts later, such as tesseract's), while on macOS and
 * Windows it would lower the whole process — the Electron main process serving the window — so there
 * it is left alone.
 */
import { setPriority } from 'node:os';

/** How far a reading thread steps back: OCR batches run for minutes and nobody waits on one page. */
export const READER_NICENESS = 10;
/** A check thread steps back less: the window sometimes waits on a short re-check it answers. */
export const CHECKS_NICENESS = 5;

/** Lowers the calling thread's priority where that is per thread; true when it did. */
export function giveWayToForeground(niceness: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    setPriority(niceness);
    return true;
  } catch {
    // A sandbox may refuse: the thread then runs at normal priority, as before.
    return false;
  }
}
